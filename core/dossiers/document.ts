/**
 * « Télécharger le dossier »: the dossier as one PDF récapitulatif, or a ZIP holding that PDF
 * and every file the reader may see (pièces jointes of the form, and for instructeurs those
 * of the annotations privées, the avis, the messagerie, the decision). What goes in is what
 * the reader's own page shows: an usager never gets annotations privées or avis, an invité
 * only the champs their invitation shows; a file is packed only if it belongs to this
 * dossier, whatever id a value names.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import { restrictedTo, visibility } from "../shared/visibility.ts";
import { champText } from "../demarches/champ_text.ts";
import { type DossierState, stateLabel } from "./lifecycle.ts";
import { EVENT_LABELS } from "../shared/event_labels.ts";
import { instructedDossier, ownDossier } from "./_access.ts";
import { emailOf } from "./usager_store.ts";
import { parseValues } from "./model.ts";
import { parseSettings } from "../demarches/codecs.ts";
import * as store from "./document_store.ts";
import { PdfFlow } from "../plugin_sdk/pdf.ts";
import { zipFiles, ZipToSink } from "../plugin_sdk/zip.ts";
import type { ExportFile } from "../plugin_sdk/types.ts";
import { recordDossierDownload } from "../audit/service.ts";

type Viewer = "instructeur" | "usager";

/** A file to pack, under the folder it belongs to. */
interface Packed {
  readonly folder: string;
  readonly id: string;
}

const CORRECTIONS: Readonly<Record<string, string>> = {
  incorrect: "une information est incorrecte",
  incomplete: "le dossier est incomplet",
  outdated: "une pièce n’est plus valable",
};

/** « 29 novembre 2026 à 14:03 », Paris time: as the pages say it. */
const dateTime = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "Europe/Paris",
});
const frenchDateTime = (iso: string) => dateTime.format(new Date(iso));

/** The dossier as the actor may read it: as its instructeur, else as its usager or invité. */
async function reach(deps: Deps, actor: Actor | null, id: number) {
  try {
    const { dossier, demarche, form } = await instructedDossier(deps, actor, id);
    return { viewer: "instructeur" as Viewer, dossier, demarche, form, invite: null };
  } catch (error) {
    if (!(error instanceof AppError) || error.code === "UNAUTHORIZED") throw error;
  }
  const { dossier, demarche, form, invite } = await ownDossier(deps, actor, id, { invites: true });
  return { viewer: "usager" as Viewer, dossier, demarche, form, invite };
}

/** Writes the récapitulatif and lists the files that go with it. */
async function compose(deps: Deps, actor: Actor | null, id: number) {
  const { viewer, dossier, demarche, form, invite } = await reach(deps, actor, id);
  const files: Packed[] = [];
  const pdf = await PdfFlow.create(`Dossier n° ${dossier.id}`);
  const usager = await emailOf(deps.db, dossier.owner_id);
  const settings = parseSettings(demarche.settings);
  const service = [settings.service?.nom, settings.service?.organisme].filter(Boolean).join(", ");

  pdf.heading(`Dossier n° ${dossier.id}`, 1);
  pdf.text(`Démarche « ${demarche.titre} »`, { bold: true, gap: 2 });
  if (service) pdf.text(service, { muted: true, gap: 2 });
  pdf.text(`Document produit le ${frenchDateTime(deps.clock().toISOString())}.`, {
    muted: true,
    size: 9,
    gap: 8,
  });
  if (dossier.is_test === 1) {
    pdf.text("Dossier de test : il ne compte pas.", { bold: true, gap: 6 });
  }
  pdf.field("État", capitalized(stateLabel(dossier.state as DossierState)));
  pdf.field("Usager", usager);
  const dates: [string, string | null][] = [
    ["Déposé le", dossier.deposited_at],
    ["Passé en instruction le", dossier.en_instruction_at],
    ["Décidé le", dossier.decided_at],
  ];
  for (const [label, at] of dates) if (at) pdf.field(label, frenchDateTime(at));
  if (dossier.motivation) pdf.field("Motivation de la décision", dossier.motivation);

  const all = parseValues(
    viewer === "usager" && !invite
      ? dossier.pending_values ?? dossier.champ_values
      : dossier.champ_values,
  );
  // An invité's champs shown as to everyone, among those their invitation shows.
  const { champs: shown, values } = invite
    ? restrictedTo(form.champs, all, invite.maySee)
    : { champs: form.champs, values: all };
  pdf.heading("Formulaire", 2);
  writeChamps(deps, pdf, shown, values, { folder: "pieces-jointes", files });

  if (viewer === "instructeur") {
    pdf.heading("Annotations privées", 2);
    if (form.annotations.length === 0) pdf.text("Aucune annotation privée.", { muted: true });
    // Annotations may be conditioned on the champs of the form.
    writeChamps(deps, pdf, form.annotations, parseValues(dossier.annotation_values), {
      folder: "annotations-privees",
      files,
    }, visibility(form.champs, all).seen);
    await writeAvis(deps, pdf, dossier.id, files);
  }
  if (!invite) await writeMessages(deps, pdf, dossier.id, files);
  await writeHistory(deps, pdf, dossier.id);
  for (
    const [folder, fileId] of [
      ["decision", dossier.justificatif_file_id],
      ["decision", dossier.attestation_file_id],
    ] as const
  ) {
    if (fileId) files.push({ folder, id: fileId });
  }
  const bytes = await pdf.save(`Dossier n° ${dossier.id} — ${demarche.titre}`);
  return { dossier, bytes, files, viewer };
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The visible champs with their values; sections as subheadings, repetitions row by row. */
function writeChamps(
  deps: Deps,
  pdf: PdfFlow,
  champs: readonly ChampDescriptor[],
  values: Readonly<Record<string, unknown>>,
  out: { folder: string; files: Packed[] },
  outer: Readonly<Record<string, unknown>> = {},
): void {
  const { visible, seen } = visibility(champs, values, outer);
  for (const d of champs) {
    if (!visible.has(d.stableId)) continue;
    const type = deps.host.champTypes.get(d.type);
    if (!type) continue;
    if (type.section) {
      pdf.heading(d.label, 3);
      continue;
    }
    if (type.fillable === false) continue;
    const value = values[d.stableId];
    if (type.container) {
      const rows = Array.isArray(value) ? value as Record<string, unknown>[] : [];
      pdf.text(d.label, { bold: true, size: 9.5, gap: rows.length ? 2 : 0 });
      if (rows.length === 0) pdf.text("Aucune ligne", { muted: true, gap: 7 });
      rows.forEach((row, i) => {
        pdf.text(`Ligne ${i + 1}`, { muted: true, size: 9, indent: 12 });
        const shown = visibility(d.children ?? [], row ?? {}, seen).visible;
        for (const child of d.children ?? []) {
          if (!shown.has(child.stableId)) continue;
          pdf.field(child.label, champText(deps.host.champTypes, child)(row[child.stableId]), 12);
          collectFiles(deps, child, row[child.stableId], out);
        }
      });
      continue;
    }
    pdf.field(d.label, champText(deps.host.champTypes, d)(value));
    collectFiles(deps, d, value, out);
  }
}

function collectFiles(
  deps: Deps,
  d: ChampDescriptor | { type: string },
  value: unknown,
  out: { folder: string; files: Packed[] },
) {
  const type = deps.host.champTypes.get(d.type);
  if (!type?.files || value === undefined || value === null) return;
  try {
    for (const id of type.files(value as never)) out.files.push({ folder: out.folder, id });
  } catch {
    // A value from an older revision the type cannot read: no file to pack.
  }
}

async function writeAvis(deps: Deps, pdf: PdfFlow, dossierId: number, files: Packed[]) {
  const avis = await store.avisOfDossier(deps.db, dossierId);
  pdf.heading("Avis externes", 2);
  if (avis.length === 0) pdf.text("Aucun avis demandé.", { muted: true });
  for (const a of avis) {
    const flags = [a.confidentiel ? "confidentiel" : "", a.revoked_at ? "révoqué" : ""]
      .filter(Boolean).join(", ");
    pdf.heading(`Avis de ${a.expert_email}${flags ? ` (${flags})` : ""}`, 3);
    pdf.field(`Demande du ${frenchDateTime(a.created_at)}`, a.introduction);
    if (a.question) {
      const answer = a.answer_yes === null ? "" : a.answer_yes ? "Oui" : "Non";
      pdf.field(`Question : ${a.question}`, answer);
    }
    pdf.field(
      a.answered_at ? `Réponse du ${frenchDateTime(a.answered_at)}` : "Réponse",
      a.answer ?? "",
    );
    if (a.file_id) files.push({ folder: `avis/${a.id}-demande`, id: a.file_id });
    if (a.answer_file_id) files.push({ folder: `avis/${a.id}-reponse`, id: a.answer_file_id });
  }
}

async function writeMessages(deps: Deps, pdf: PdfFlow, dossierId: number, files: Packed[]) {
  const messages = await store.messagesOfDossier(deps.db, dossierId);
  pdf.heading("Messagerie", 2);
  if (messages.length === 0) pdf.text("Aucun message.", { muted: true });
  for (const m of messages) {
    const who = m.from_instructeur ? "L’administration" : (m.email ?? "L’usager");
    pdf.text(`${who}, le ${frenchDateTime(m.created_at)}`, { bold: true, size: 9.5 });
    if (m.correction_reason) {
      pdf.text(
        `Demande de correction : ${CORRECTIONS[m.correction_reason] ?? m.correction_reason}`,
        { size: 9.5, muted: true },
      );
    }
    pdf.text(m.body, { gap: m.file_id ? 0 : 8 });
    if (m.file_id) {
      pdf.text(`Pièce jointe : ${m.filename ?? ""}`, { muted: true, size: 9.5, gap: 8 });
      files.push({ folder: "messagerie", id: m.file_id });
    }
  }
}

async function writeHistory(deps: Deps, pdf: PdfFlow, dossierId: number) {
  const events = await store.historyOf(deps.db, dossierId);
  pdf.heading("Historique", 2);
  for (const e of events) {
    const what = `${EVENT_LABELS[e.event] ?? e.event}${e.automatic ? " (automatique)" : ""}`;
    pdf.text(`${frenchDateTime(e.created_at)} — ${what}`, { gap: e.motivation ? 0 : 3 });
    if (e.motivation) pdf.text(e.motivation, { muted: true, indent: 12, gap: 3 });
  }
}

/** The récapitulatif PDF, to download as `dossier-<n>.pdf`. */
export async function dossierPdf(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier, bytes, viewer } = await compose(deps, actor, input.id);
  if (viewer === "instructeur") await recordDossierDownload(deps, actor!, dossier, "pdf");
  return { filename: `dossier-${dossier.id}.pdf`, body: bytes as Uint8Array<ArrayBuffer> };
}

/** A file or folder name safe on every system, at most 80 characters. */
function safeName(name: string): string {
  // deno-lint-ignore no-control-regex -- control characters are what this removes
  const cleaned = name.normalize("NFC").replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "-")
    .replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  return (cleaned || "fichier").slice(0, 80);
}

/**
 * What a dossier's ZIP holds, to read one after the other: `dossier-<n>/dossier-<n>.pdf`
 * then the files, each in its folder (`pieces-jointes`, `annotations-privees`, `avis`,
 * `messagerie`, `decision`). Only files attached to this dossier are listed.
 */
export async function dossierFiles(
  deps: Deps,
  actor: Actor | null,
  input: { id: number },
): Promise<{
  root: string;
  files: ExportFile[];
  dossier: { id: number; demarche_id: number };
  viewer: Viewer;
}> {
  const { dossier, bytes, files, viewer } = await compose(deps, actor, input.id);
  const ids = [...new Set(files.map((f) => f.id))];
  const rows = await store.attachedFiles(deps.db, dossier.id, ids);
  const known = new Map(rows.map((r) => [r.id, r]));
  const root = `dossier-${dossier.id}`;
  const out: ExportFile[] = [{ path: `${root}/${root}.pdf`, read: () => Promise.resolve(bytes) }];
  const taken = new Set<string>();
  const packed = new Set<string>();
  for (const f of files) {
    const row = known.get(f.id);
    if (!row || packed.has(f.id)) continue;
    packed.add(f.id);
    const name = safeName(row.filename);
    const dot = name.lastIndexOf(".");
    let path = `${root}/${f.folder}/${name}`;
    for (let n = 2; taken.has(path); n++) {
      path = `${root}/${f.folder}/${
        dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`
      }`;
    }
    taken.add(path);
    out.push({ path, read: () => deps.blobs.open(row.storage_key) });
  }
  return { root, files: out, dossier, viewer };
}

/** « Télécharger le dossier et ses pièces jointes »: the ZIP, streamed as it is written. */
export async function dossierZip(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { root, files, dossier, viewer } = await dossierFiles(deps, actor, input);
  if (viewer === "instructeur") await recordDossierDownload(deps, actor!, dossier, "zip");
  const pipe = new TransformStream<Uint8Array, Uint8Array>();
  const writer = pipe.writable.getWriter();
  const zip = new ZipToSink({ write: (chunk) => writer.write(chunk) });
  (async () => {
    try {
      await zipFiles(zip, files);
      await zip.end();
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => {});
    }
  })();
  return { filename: `${root}.zip`, body: pipe.readable };
}
