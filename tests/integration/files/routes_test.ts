import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { signInWithCode } from "../../helpers/second_factor.ts";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n",
);
const ELF = new Uint8Array([
  0x7f,
  0x45,
  0x4c,
  0x46,
  2,
  1,
  1,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  2,
  0,
  0x3e,
  0,
  1,
  0,
  0,
  0,
]);

async function uploadAs(
  agent: Agent,
  bytes: Uint8Array<ArrayBuffer>,
  filename: string,
  type = "application/pdf",
) {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: bytes,
    headers: { "content-type": type, "x-filename": encodeURIComponent(filename) },
  });
  return { status: res.status, body: await res.json() };
}

const files = suite<{ t: TestInstance; camille: Agent; dominique: Agent }>("files");
files.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.camille = await signedUpAgent(ctx.t, "camille@exemple.fr");
  ctx.dominique = await signedUpAgent(ctx.t, "dominique@exemple.fr");
});
files.after(async (ctx) => {
  await ctx.t.stop();
});

files("a PDF is stored and only its uploader downloads it", async ({ t, camille, dominique }) => {
  const up = await uploadAs(camille, PDF, "carte grise « 2026 ».pdf");
  assert.is(up.status, 201);
  assert.is(up.body.mime, "application/pdf");
  assert.is(up.body.filename, "carte grise « 2026 ».pdf");
  const res = await camille.fetch(`${BASE_URL}/files/${up.body.id}`);
  assert.is(res.status, 200);
  assert.equal(new Uint8Array(await res.arrayBuffer()), PDF);
  assert.match(
    res.headers.get("content-disposition")!,
    /^attachment; filename\*=UTF-8''carte%20grise/,
  );
  assert.is((await dominique.fetch(`${BASE_URL}/files/${up.body.id}`)).status, 404);
  assert.is((await t.agent().fetch(`${BASE_URL}/files/${up.body.id}`)).status, 401);
});

files("a renamed executable is refused whatever its name", async ({ camille }) => {
  const up = await uploadAs(camille, ELF, "photo.pdf");
  assert.is(up.status, 400);
  assert.match(up.body.error.message, /type de fichier n’est pas accepté/);
});

files("plain text is accepted as text, binary declared as text is not", async ({ camille }) => {
  const ok = await uploadAs(
    camille,
    new TextEncoder().encode("nom;longueur\nBelle-Île;7,5\n"),
    "bateaux.csv",
    "text/csv",
  );
  assert.is(ok.status, 201);
  assert.is(ok.body.mime, "text/csv");
  const bad = await uploadAs(
    camille,
    new Uint8Array([0, 159, 146, 150, 0, 1]),
    "notes.txt",
    "text/plain",
  );
  assert.is(bad.status, 400);
  assert.match(bad.body.error.message, /ne correspond à aucun format accepté/);
});

files("anonymous uploads, empty files and foreign origins are refused", async ({ t, camille }) => {
  assert.is((await uploadAs(t.agent(), PDF, "a.pdf")).status, 401);
  const empty = await uploadAs(camille, new Uint8Array(), "vide.pdf");
  assert.is(empty.status, 400);
  assert.match(empty.body.error.message, /vide/);
  const foreign = await t.app.fetch(
    new Request(`${BASE_URL}/files`, {
      method: "POST",
      body: PDF,
      headers: {
        "content-type": "application/pdf",
        origin: "https://ailleurs.example",
        cookie: camille.cookie,
      },
    }),
  );
  assert.is(foreign.status, 403);
  assert.match((await foreign.json()).error.message, /ne vient pas de ce site/);
});

files(
  "a file attached to a champ follows the dossier; someone else's upload cannot be attached",
  async ({ t, camille, dominique }) => {
    const admin = (await superAdminAgent(t)).trpc;
    const { id } = await admin.admin.demarches.create.mutate({ titre: "Pièces" });
    await admin.admin.demarches.saveForm.mutate({
      id,
      form: {
        champs: [{
          stableId: "pj",
          type: "piece_justificative",
          label: "Carte grise",
          mandatory: true,
        }],
        annotations: [],
      },
    });
    const { path } = await admin.admin.demarches.get.query({ id });
    // En test, a démarche takes dossiers from its instructeurs only.
    const [groupe] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
    await admin.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: groupe.id,
      email: "camille@exemple.fr",
    });
    const { id: dossier } = await camille.trpc.usager.start.mutate({ path: path!, test: true });
    const mine = (await uploadAs(camille, PDF, "cg.pdf")).body;
    const theirs = (await uploadAs(dominique, PDF, "autre.pdf")).body;
    const stolen = await camille.trpc.usager.save.mutate({
      id: dossier,
      values: {
        pj: [{ fileId: theirs.id, filename: "autre.pdf", size: theirs.size, mime: theirs.mime }],
      },
    });
    assert.match(stolen.errors.pj, /introuvable/);
    assert.is((await camille.fetch(`${BASE_URL}/files/${theirs.id}`)).status, 404);
    const saved = await camille.trpc.usager.save.mutate({
      id: dossier,
      values: { pj: [{ fileId: mine.id, filename: "cg.pdf", size: mine.size, mime: mine.mime }] },
    });
    assert.equal(saved.errors, {});
    await camille.trpc.usager.deposer.mutate({ id: dossier });
    const row = await t.deps.db.selectFrom("files").select(["attached_kind", "attached_id"]).where(
      "id",
      "=",
      mine.id,
    )
      .executeTakeFirstOrThrow();
    assert.equal({ ...row }, { attached_kind: "dossier", attached_id: dossier });
    assert.is((await camille.fetch(`${BASE_URL}/files/${mine.id}`)).status, 200);
  },
);

// A 1×1 transparent PNG.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

files("a démarche's logo is an image, public once set, shown on its page", async ({ t }) => {
  // The super-admin was created by the attachment test above.
  const admin = t.agent();
  await signInWithCode(t, admin, {
    email: "super@guichet.test",
    password: "Installation-Solide-2026!",
  });
  const { id } = await admin.trpc.admin.demarches.create.mutate({ titre: "Avec logo" });
  const pdf = (await uploadAs(admin, PDF, "logo.pdf")).body;
  const notImage = await refusal(admin.trpc.admin.demarches.setLogo.mutate({ id, fileId: pdf.id }));
  assert.match(notImage.message, /image PNG, JPEG, WebP ou GIF/);
  const png = (await uploadAs(admin, PNG, "logo.png", "image/png")).body;
  assert.is(png.mime, "image/png");
  await admin.trpc.admin.demarches.setLogo.mutate({ id, fileId: png.id });
  const { path } = await admin.trpc.admin.demarches.get.query({ id });
  const page = await admin.trpc.usager.demarche.query({ path: path!, test: true });
  assert.is(page.logoUrl, `/files/${png.id}`);
  const res = await t.agent().fetch(`${BASE_URL}${page.logoUrl}`);
  assert.is(res.status, 200, "anyone sees the logo");
  assert.match(res.headers.get("content-disposition")!, /^inline/);
  await res.body?.cancel();
});

files.run();
