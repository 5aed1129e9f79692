/**
 * `deno task demo`: a demonstration instance in `data/demo` — accounts for every role,
 * démarches covering every champ type and every mode — then serves it. Run it again and it
 * starts on the same data; delete `data/demo` to start afresh.
 */
import { createTRPCClient, httpLink } from "@trpc/client";
import type { AppRouter } from "./api/router.ts";
import { loadConfig } from "./config.ts";
import { createInstance, type Instance } from "./main.ts";
import { customizeNavigation, seedDossiers } from "./demo_dossiers.ts";
import { groupSecret, totpCode } from "./accounts/totp.ts";
import { findUserByEmail } from "./accounts/store.ts";
import { servedBy } from "./http_body.ts";

const PASSWORD = "Demo-Guichet-2026!";
const config = loadConfig({ DATA_DIR: "./data/demo", ...Deno.env.toObject() });
const instance = await createInstance(config);

/** A request to the app in process, from the loopback, with a session cookie. */
async function send(request: Request, jar: { cookie: string }) {
  if (jar.cookie) request.headers.set("cookie", jar.cookie);
  const res = await instance.app.fetch(request, { remoteAddr: { hostname: "127.0.0.1" } });
  for (const c of res.headers.getSetCookie()) jar.cookie = c.split(";")[0];
  return res;
}

/** One signed-in person, talking to the app in process through the real API. */
function client(_app: Instance["app"], jar = { cookie: "" }) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({
      url: `${config.baseUrl}/trpc`,
      fetch: (url, init) => send(new Request(url, init), jar),
    })],
  });
}

async function tokenMailedTo(email: string, subject: string): Promise<string> {
  await instance.worker.drain();
  const mail = await instance.catcher!.waitFor((m) =>
    m.to.includes(email) && m.subject.includes(subject)
  );
  return /jeton=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
}

const section = (stableId: string, label: string) => ({ stableId, type: "header_section", label });

async function seed() {
  const superAdmin = client(instance.app);
  const installToken = new URL(instance.installationLink!).searchParams.get("jeton")!;
  await superAdmin.auth.completeInstallation.mutate({
    token: installToken,
    email: "super-admin@demo.guichet.fr",
    password: PASSWORD,
  });
  // Super-admins must sign in with a second factor: the demo's key is printed at start.
  const { secret } = await superAdmin.auth.secondFactor.start.mutate();
  await superAdmin.auth.secondFactor.confirm.mutate({
    code: totpCode(secret.replaceAll(" ", ""), Date.now()),
  });

  await client(instance.app).auth.requestAdminAccount.mutate({
    nom: "Marie Le Goff",
    organisation: "Mairie de Brest",
    email: "marie.legoff@demo.guichet.fr",
    motif: "Mettre en ligne les démarches du service nautique et des sports.",
  });
  const [request] = await superAdmin.superadmin.demandesAdmin.list.query({});
  await superAdmin.superadmin.demandesAdmin.accept.mutate({ id: request.id });
  const admin = client(instance.app);
  await admin.auth.setPassword.mutate({
    token: await tokenMailedTo("marie.legoff@demo.guichet.fr", "compte administrateur"),
    password: PASSWORD,
  });
  await client(instance.app).auth.requestAdminAccount.mutate({
    nom: "Paul Riou",
    organisation: "Communauté de communes du Pays des Abers",
    email: "paul.riou@demo.guichet.fr",
    motif: "Démarches intercommunales.",
  });

  const service = {
    nom: "Service nautique",
    organisme: "Mairie de Brest",
    typeOrganisme: "collectivite_territoriale" as const,
    email: "nautique@demo.guichet.fr",
    telephone: "02 98 00 80 80",
    adresse: "2 rue Frézier, 29200 Brest",
    horaires: "Du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h",
  };
  const siteWeb = "https://www.brest.fr/demarches";

  const demarches = [
    {
      titre: "Demande de titre de navigation",
      mode: "instruction" as const,
      path: "titre-de-navigation",
      description:
        "Demandez le **titre de navigation** de votre bateau de plaisance.\n\nVous aurez besoin de la carte grise du bateau et du rapport de l’expert qui l’a inspecté : vous pouvez **inviter cet expert** à remplir lui-même la section «\u00a0Caractéristiques techniques\u00a0».",
      form: {
        champs: [
          section("s_proprietaire", "Propriétaire"),
          { stableId: "civilite", type: "civilite", label: "Civilité", mandatory: true },
          { stableId: "nom", type: "text", label: "Nom et prénom", mandatory: true },
          { stableId: "email", type: "email", label: "Adresse e-mail de contact", mandatory: true },
          { stableId: "telephone", type: "phone", label: "Téléphone" },
          { stableId: "commune", type: "communes", label: "Commune de résidence", mandatory: true },
          section("s_bateau", "Caractéristiques techniques"),
          { stableId: "nom_bateau", type: "text", label: "Nom du bateau", mandatory: true },
          {
            stableId: "type_bateau",
            type: "drop_down_list",
            label: "Type de bateau",
            mandatory: true,
            options: { choices: ["Voilier", "Bateau à moteur", "Semi-rigide"] },
          },
          {
            stableId: "longueur",
            type: "decimal_number",
            label: "Longueur hors tout (mètres)",
            mandatory: true,
            options: { min: 2, max: 24 },
          },
          {
            stableId: "moteur",
            type: "yes_no",
            label: "Le bateau a-t-il un moteur ?",
            mandatory: true,
          },
          {
            stableId: "puissance",
            type: "integer_number",
            label: "Puissance du moteur (kW)",
            mandatory: true,
            condition: { op: "eq", champ: "moteur", value: true },
            options: { min: 1 },
          },
          {
            stableId: "equipements",
            type: "multiple_drop_down_list",
            label: "Équipements de sécurité à bord",
            options: {
              choices: [
                "Gilets de sauvetage",
                "Radio VHF",
                "Balise de détresse",
                "Radeau de survie",
              ],
            },
          },
          {
            stableId: "date_construction",
            type: "date",
            label: "Date de construction",
            options: { past: true },
          },
          {
            stableId: "proprietaires_precedents",
            type: "repetition",
            label: "Propriétaires précédents",
            children: [
              { stableId: "pp_nom", type: "text", label: "Nom", mandatory: true },
              { stableId: "pp_depuis", type: "date", label: "Propriétaire depuis le" },
            ],
          },
          section("s_pieces", "Pièces justificatives"),
          {
            stableId: "carte_grise",
            type: "piece_justificative",
            label: "Carte grise du bateau",
            mandatory: true,
            options: { families: ["document_texte", "image_scan"] },
          },
          { stableId: "iban", type: "iban", label: "IBAN pour le remboursement de la caution" },
          {
            stableId: "engagement",
            type: "checkbox",
            label: "Je certifie l’exactitude des informations",
            mandatory: true,
          },
        ],
        annotations: [
          { stableId: "avis_secretariat", type: "textarea", label: "Avis du secrétariat" },
          {
            stableId: "pret_validation",
            type: "yes_no",
            label: "Prêt pour validation hiérarchique",
          },
          {
            stableId: "decision_finale",
            type: "drop_down_list",
            label: "Décision finale",
            options: { choices: ["Favorable", "Défavorable", "À compléter"] },
          },
        ],
      },
    },
    {
      titre: "Déclaration de manifestation nautique",
      mode: "declarative_en_instruction" as const,
      path: "manifestation-nautique",
      description:
        "Déclarez une régate, une fête nautique ou une course au moins un mois avant la date.",
      form: {
        champs: [
          {
            stableId: "intro",
            type: "explication",
            label: "Avant de commencer",
            options: {
              collapsible: true,
              details: "La déclaration doit être faite au moins un mois avant la manifestation.",
            },
          },
          { stableId: "organisateur", type: "text", label: "Organisateur", mandatory: true },
          {
            stableId: "siret",
            type: "siret",
            label: "Numéro SIRET de l’organisateur",
            description: "14 chiffres, sur l’avis de situation de l’Insee.",
          },
          {
            stableId: "debut",
            type: "datetime",
            label: "Début de la manifestation",
            mandatory: true,
          },
          {
            stableId: "discipline",
            type: "linked_drop_down_list",
            label: "Discipline",
            options: {
              choices: [
                { primary: "Voile", secondary: ["Dériveur", "Habitable", "Planche à voile"] },
                { primary: "Aviron", secondary: ["Yolette", "Skiff"] },
                { primary: "Kayak", secondary: [] },
              ],
            },
          },
          { stableId: "region", type: "regions", label: "Région du plan d’eau", mandatory: true },
          { stableId: "departement", type: "departements", label: "Département du plan d’eau" },
          { stableId: "epci", type: "epci", label: "Intercommunalité" },
          {
            stableId: "pays_participants",
            type: "pays",
            label: "Pays d’où viennent la plupart des participants",
          },
          {
            stableId: "immatriculation",
            type: "formatted",
            label: "Immatriculation du bateau de sécurité",
            options: {
              mode: "regex",
              pattern: "[A-Z]{2} ?[0-9]{6}",
              example: "BR 123456",
              message: "Deux lettres puis six chiffres, par exemple BR 123456",
            },
          },
          {
            stableId: "dossier_precedent",
            type: "dossier_link",
            label: "Numéro du dossier de l’an dernier",
          },
          {
            stableId: "participants",
            type: "integer_number",
            label: "Nombre de participants attendus",
            options: { min: 1 },
          },
        ],
        annotations: [{
          stableId: "avis_capitainerie",
          type: "textarea",
          label: "Avis de la capitainerie",
        }],
      },
    },
    {
      titre: "Recensement des jardins partagés",
      mode: "declarative_accepte" as const,
      path: "jardins-partages",
      description:
        "Faites connaître votre jardin partagé : il figurera sur la carte des jardins de la ville.",
      form: {
        champs: [
          { stableId: "nom_jardin", type: "text", label: "Nom du jardin", mandatory: true },
          { stableId: "commune_jardin", type: "communes", label: "Commune", mandatory: true },
          {
            stableId: "presentation",
            type: "textarea",
            label: "Présentation",
            options: { maxLength: 1000 },
          },
          {
            stableId: "parcelles",
            type: "integer_number",
            label: "Nombre de parcelles",
            options: { min: 1 },
          },
          { stableId: "ouvert", type: "yes_no", label: "Le jardin est-il ouvert au public ?" },
        ],
        annotations: [],
      },
    },
  ];

  const ids: number[] = [];
  for (const d of demarches) {
    const { id } = await admin.admin.demarches.create.mutate({ titre: d.titre });
    ids.push(id);
    await admin.admin.demarches.updateSettings.mutate({
      id,
      titre: d.titre,
      description: d.description,
      mode: d.mode,
      service,
      siteWeb,
      retentionMonths: 24,
    });
    const { issues } = await admin.admin.demarches.saveForm.mutate({ id, form: d.form });
    if (issues.length) throw new Error(`Demo form "${d.titre}": ${JSON.stringify(issues)}`);
    const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
    await admin.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: defaut.id,
      email: "jean.instructeur@demo.guichet.fr",
    });
    await admin.admin.demarches.publish.mutate({ id, path: d.path });
  }
  await customizeNavigation(admin, ids[0]);
  // Routing on the first démarche: dossiers from the Morbihan go to their own groupe.
  const { id: morbihan } = await admin.admin.demarches.groupes.add.mutate({
    demarcheId: ids[0],
    label: "Morbihan",
  });
  await admin.admin.demarches.groupes.setRule.mutate({
    demarcheId: ids[0],
    groupeId: morbihan,
    rule: { op: "eq", champ: "commune.departement", value: "56" },
  });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: ids[0],
    groupeId: morbihan,
    email: "anne.instructrice@demo.guichet.fr",
  });
  await superAdmin.admin.catalogue.setTemplate.mutate({ id: ids[2], template: true });
  await admin.admin.demarches.create.mutate({ titre: "Autorisation de mouillage (en test)" });

  for (const email of ["jean.instructeur@demo.guichet.fr", "anne.instructrice@demo.guichet.fr"]) {
    await client(instance.app).auth.setPassword.mutate({
      token: await tokenMailedTo(email, "Vous êtes instructeur"),
      password: PASSWORD,
    });
  }
  const usager = client(instance.app);
  await usager.auth.signUp.mutate({ email: "camille.usager@demo.guichet.fr", password: PASSWORD });
  await usager.auth.confirmEmail.mutate({
    token: await tokenMailedTo("camille.usager@demo.guichet.fr", "Confirmez"),
    password: PASSWORD,
  });
  await instance.worker.drain();
  await seedDossiers({
    client: (jar) => client(instance.app, jar),
    tokenMailedTo,
    fetch: (path, init, cookie) => send(new Request(`${config.baseUrl}${path}`, init), { cookie }),
    password: PASSWORD,
  }, ids);
}

if (instance.installationLink) {
  console.log("Chargement de la démonstration…");
  await seed();
  await instance.worker.drain();
}

const superAdminKey = await findUserByEmail(instance.deps.db, "super-admin@demo.guichet.fr");

Deno.serve({
  port: config.port,
  hostname: config.hostname,
  onListen: () => {
    console.log(`
Démonstration de Guichet : ${config.baseUrl}
Mot de passe de tous les comptes : ${PASSWORD}
  super-admin@demo.guichet.fr       super-administrateur (et administrateur)
  marie.legoff@demo.guichet.fr      administratrice : 3 démarches publiées, 1 en test
  jean.instructeur@demo.guichet.fr  instructeur (groupe par défaut)
  anne.instructrice@demo.guichet.fr instructrice (groupe Morbihan)
  camille.usager@demo.guichet.fr    usager (sans dossier)
  nolwenn.tanguy@demo.guichet.fr    usager (dossiers déposés, un brouillon ; 4 autres usagers)
Double authentification du super-admin : ajoutez la clé ${
      groupSecret(superAdminKey?.totp_secret ?? "")
    }
  à une application d’authentification (TOTP), puis saisissez son code à la connexion.
Une demande de compte administrateur attend le super-admin (paul.riou@demo.guichet.fr).
E-mails envoyés : ${config.baseUrl}/_dev/mails
`);
  },
}, servedBy(instance.app.fetch));
