/**
 * The read API's use cases: the démarches a jeton may read, a page of one démarche's
 * deposited dossiers, one dossier with its history. A démarche or dossier outside the
 * jeton's reach reads as not found, never as forbidden, so its existence is not revealed.
 */
import { dossierLabels } from "../instruction/labels.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { can } from "../policy/mod.ts";
import type { Form } from "../shared/form.ts";
import { parseForm } from "../demarches/codecs.ts";
import { dossierJson, shownFiles } from "../dossiers/dossier_json.ts";
import { factsOfDossiers, openDossierFile } from "../files/service.ts";
import { formDescriptor } from "./descriptor.ts";
import { DEPOSITED_STATES, type DossiersQuery, encodeCursor } from "./model.ts";
import type { TokenActor } from "./tokens.ts";
import * as store from "./store.ts";
import { recordEventAlone } from "../audit/service.ts";

const demarcheNotFound = () => new AppError("NOT_FOUND", "Cette démarche n’existe pas.");
const dossierNotFound = () => new AppError("NOT_FOUND", "Ce dossier n’existe pas.");

/** Whether the jeton may read démarche `id`: decided by the policy, on fresh data. */
async function mayRead(deps: Deps, token: TokenActor, demarcheId: number): Promise<boolean> {
  const administrateurIds = await store.administrateurIds(deps.db, demarcheId);
  return can(token.actor, "api.demarche.lire", {
    administrateurIds,
    demarcheId,
    tokenScope: token.scope,
  });
}

/** `GET /api/v1/demarches`: the démarches the jeton reads, with their dossiers per state. */
export async function listDemarches(deps: Deps, token: TokenActor) {
  const rows = await store.administeredDemarches(deps.db, token.actor.userId, token.scope);
  const readable = rows.filter((d) =>
    can(token.actor, "api.demarche.lire", {
      administrateurIds: [token.actor.userId],
      demarcheId: d.id,
      tokenScope: token.scope,
    })
  );
  const counts = await store.countsByState(deps.db, readable.map((d) => d.id));
  return {
    demarches: readable.map((d) => {
      const byState = Object.fromEntries(DEPOSITED_STATES.map((s) => [s, 0]));
      for (const c of counts) if (c.demarche_id === d.id) byState[c.state] = Number(c.n);
      return {
        id: d.id,
        titre: d.titre,
        etat: d.state,
        chemin: d.path,
        dossiers: {
          total: Object.values(byState).reduce((a, b) => a + b, 0),
          par_etat: byState,
        },
      };
    }),
  };
}

/** The forms the rows were filled on, parsed once each. */
async function formsFor(
  deps: Deps,
  demarche: { draft_form: string },
  rows: readonly store.DossierRow[],
): Promise<(row: store.DossierRow) => Form> {
  const ids = [...new Set(rows.map((r) => r.revision_id).filter((id) => id !== null))];
  const texts = await store.revisionForms(deps.db, ids);
  const parsed = new Map<number | null, Form>();
  return (row) => {
    let form = parsed.get(row.revision_id);
    if (!form) {
      const text = row.revision_id === null ? demarche.draft_form : texts.get(row.revision_id);
      form = parseForm(text ?? demarche.draft_form);
      parsed.set(row.revision_id, form);
    }
    return form;
  };
}

/**
 * `GET /api/v1/demarches/:id/dossiers`: deposited dossiers, the least recently changed first.
 * `suivant` resumes after the last one returned, even past the end (`fin`: nothing more for
 * now), so a tool that keeps it gets the dossiers changed since on its next call.
 */
export async function listDossiers(
  deps: Deps,
  token: TokenActor,
  input: { demarcheId: number; query: DossiersQuery },
) {
  const demarche = await store.findDemarche(deps.db, input.demarcheId);
  if (!demarche || !await mayRead(deps, token, demarche.id)) throw demarcheNotFound();
  const limit = input.query.limite;
  const rows = await store.dossiersPage(deps.db, {
    demarcheId: demarche.id,
    state: input.query.etat,
    since: input.query.depuis,
    after: input.query.apres,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const formOf = await formsFor(deps, demarche, page);
  const labels = await dossierLabels(deps.db, page.map((r) => r.id));
  const files = await factsOfDossiers(deps.db, page.map((r) => r.id));
  const last = page.at(-1);
  const resume = last ? { updatedAt: last.updated_at, id: last.id } : input.query.apres;
  return {
    dossiers: page.map((r) => dossierJson(deps.host.champTypes, r, formOf(r), labels, files)),
    suivant: resume ? encodeCursor(resume) : null,
    fin: rows.length <= limit,
  };
}

/** `GET /api/v1/dossiers/:id`: one deposited dossier and its history. */
export async function getDossier(deps: Deps, token: TokenActor, input: { id: number }) {
  const row = await store.findDossier(deps.db, input.id);
  if (!row || !await mayRead(deps, token, row.demarche_id)) throw dossierNotFound();
  const demarche = (await store.findDemarche(deps.db, row.demarche_id))!;
  const formOf = await formsFor(deps, demarche, [row]);
  const events = await store.eventsOf(deps.db, row.id);
  return {
    dossier: {
      ...dossierJson(
        deps.host.champTypes,
        row,
        formOf(row),
        await dossierLabels(deps.db, [row.id]),
        await factsOfDossiers(deps.db, [row.id]),
      ),
      historique: events.map((e) => ({
        evenement: e.event,
        de: e.from_state,
        vers: e.to_state,
        automatique: e.automatic === 1,
        par: e.email,
        motivation: e.motivation,
        le: e.created_at,
      })),
    },
  };
}

/**
 * `GET /api/v1/demarches/:id`: the démarche and the form of its published revision (champs,
 * sections, répétitions, annotations privées); `revision` null and no champs while it has
 * never been published.
 */
export async function describeDemarche(deps: Deps, token: TokenActor, input: { id: number }) {
  const d = await store.describedDemarche(deps.db, input.id);
  if (!d || !await mayRead(deps, token, d.id)) throw demarcheNotFound();
  const form = d.revision_form === null ? null : parseForm(d.revision_form);
  return {
    demarche: {
      id: d.id,
      titre: d.titre,
      description: d.description,
      etat: d.state,
      chemin: d.path,
      publiee_le: d.published_at,
      close_le: d.closed_at,
      revision: d.revision_number === null
        ? null
        : { numero: d.revision_number, publiee_le: d.revision_published_at! },
      ...(form ? formDescriptor(deps.host.champTypes, form) : { champs: [], annotations: [] }),
    },
  };
}

const fileNotFound = () => new AppError("NOT_FOUND", "Ce fichier n’existe pas.");

/**
 * `GET /api/v1/dossiers/:id/fichiers/:fichierId`: a file the deposited dossier shows (a
 * pièce jointe, an annotation's, the justificatif, the attestation), as a download. Any
 * other file, or a dossier out of reach, reads as not found.
 */
export async function downloadFile(
  deps: Deps,
  token: TokenActor,
  input: { dossierId: number; fileId: string },
): Promise<Response> {
  const row = await store.findDossier(deps.db, input.dossierId);
  if (!row) throw fileNotFound();
  const demarche = (await store.findDemarche(deps.db, row.demarche_id))!;
  const formOf = await formsFor(deps, demarche, [row]);
  const allowed = can(token.actor, "api.fichier.lire", {
    administrateurIds: await store.administrateurIds(deps.db, row.demarche_id),
    demarcheId: row.demarche_id,
    tokenScope: token.scope,
    fileId: input.fileId,
    shownFileIds: shownFiles(deps.host.champTypes, row, formOf(row)).map((f) => f.id),
  });
  if (!allowed) throw fileNotFound();
  const found = await openDossierFile(deps, { dossierId: row.id, id: input.fileId });
  if (!found) throw fileNotFound();
  await recordEventAlone(deps, {
    action: "fichier.telecharge",
    actor: token.actor,
    target: { type: "fichier", id: input.fileId },
    demarcheId: row.demarche_id,
    details: { dossier: row.id, fichier: found.file.filename, jeton: token.tokenId },
  });
  return new Response(found.body, {
    headers: {
      "content-type": found.file.mime,
      "content-length": String(found.file.size),
      "content-disposition": `attachment; filename*=UTF-8''${
        encodeURIComponent(found.file.filename)
      }`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
