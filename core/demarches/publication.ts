/**
 * Publishing, closing and unpublishing a démarche, and its revisions. Publishing copies the
 * draft form into an immutable revision; the published form never changes afterwards.
 */
import {
  knownTags,
  MAIL_KIND_INFO,
  type MailKind,
  storedTemplates,
  unknownTags,
} from "../notifications/templates.ts";
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { administered } from "./_access.ts";
import { type DemarcheEvent, missingForPublication, nextState } from "./lifecycle.ts";
import { validateForm } from "./model.ts";
import { diffChamps } from "./revision_diff.ts";
import { type DemarcheState, pathSchema } from "./settings.ts";
import { parseForm, parseSettings } from "./codecs.ts";
import * as store from "./store.ts";
import { attestationIssues } from "./attestation_tags.ts";
import type { Executor } from "../db/mod.ts";
import { recordEvent } from "../audit/service.ts";

type Demarche = NonNullable<Awaited<ReturnType<typeof store.findDemarche>>>;

async function checklist(deps: Deps, db: Executor, demarche: Demarche) {
  const form = parseForm(demarche.draft_form);
  const fillable = form.champs.filter((c) => deps.host.champTypes.get(c.type)?.fillable !== false);
  const known = knownTags(fillable);
  const mailIssues = Object.entries(storedTemplates(demarche.mail_templates)).flatMap(
    ([kind, t]) => {
      const tags = unknownTags(`${t.subject}\n${t.body}`, known);
      return tags.length ? [{ label: MAIL_KIND_INFO[kind as MailKind].label, tags }] : [];
    },
  );
  return missingForPublication({
    settings: parseSettings(demarche.settings),
    fillableChamps: fillable.length,
    formIssues: validateForm(form, deps.host.champTypes),
    instructeurs: await store.countInstructeurs(db, demarche.id),
    mailIssues,
    attestationIssues: await attestationIssues(deps, db, demarche.id, known),
  });
}

/** What still stops publication, and what changed since the last published revision. */
export async function publicationStatus(deps: Deps, actor: Actor | null, input: { id: number }) {
  const demarche = await administered(deps, actor, input.id);
  const latest = await store.latestRevision(deps.db, demarche.id);
  const draft = parseForm(demarche.draft_form);
  const published = latest ? parseForm(latest.form) : null;
  return {
    state: demarche.state,
    path: demarche.path,
    missing: await checklist(deps, deps.db, demarche),
    revision: latest?.number ?? null,
    changes: published
      ? {
        champs: diffChamps(published.champs, draft.champs),
        annotations: diffChamps(published.annotations, draft.annotations),
      }
      : null,
  };
}

export const publishInput = v.object({
  id: rowId("Démarche inconnue."),
  path: pathSchema,
});

/**
 * Publishes the démarche at `/commencer/<path>`, or publishes a new revision of a démarche
 * already published. Refused with the list of what is missing.
 */
export async function publish(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; path: string },
) {
  const demarche = await administered(deps, actor, input.id);
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const missing = await checklist(deps, trx, demarche);
    if (missing.length) {
      throw new AppError(
        "BAD_REQUEST",
        `La démarche ne peut pas encore être publiée : ${missing.map((m) => m.message).join(" ")}`,
      );
    }
    if (await store.pathTaken(trx, input.path, demarche.id)) {
      throw new AppError(
        "CONFLICT",
        `L’adresse « ${input.path} » est déjà utilisée par une autre démarche : choisissez-en une autre.`,
        { path: "Adresse déjà utilisée par une autre démarche." },
      );
    }
    const latest = await store.latestRevision(trx, demarche.id);
    if (
      demarche.state === "publiee" && latest?.form === demarche.draft_form &&
      demarche.path === input.path
    ) {
      throw new AppError(
        "CONFLICT",
        "Aucune modification à publier : le formulaire publié est déjà à jour.",
      );
    }
    const revisionId = latest?.form === demarche.draft_form
      ? latest.id
      : await store.insertRevision(trx, {
        demarcheId: demarche.id,
        number: (latest?.number ?? 0) + 1,
        form: demarche.draft_form,
        by: actor!.userId,
        now,
      });
    // Dossiers not yet taken en instruction follow the new form; test dossiers, made to try
    // the form, go at first publication (dossiers/ does both, told by the followers).
    const published = {
      demarcheId: demarche.id,
      revisionId,
      newRevision: latest !== undefined && revisionId !== latest.id,
      first: demarche.state === "brouillon",
    };
    for (const follow of deps.demarcheFollowers.published) await follow(trx, published);
    await store.setState(trx, demarche.id, {
      state: nextState(demarche.state as DemarcheState, "publier")!,
      path: input.path,
      published_at: demarche.published_at ?? now,
      closed_at: null,
      published_revision_id: revisionId,
    }, now);
    await recordEvent(deps, trx, {
      action: "demarche.publiee",
      actor,
      target: { type: "revision", id: revisionId },
      demarcheId: demarche.id,
      details: { adresse: input.path, nouvelleRevision: published.newRevision },
    });
    return { path: input.path };
  });
}

async function move(deps: Deps, actor: Actor | null, id: number, event: DemarcheEvent) {
  const demarche = await administered(deps, actor, id);
  const to = nextState(demarche.state as DemarcheState, event);
  if (!to) {
    throw new AppError(
      "CONFLICT",
      event === "clore"
        ? "Seule une démarche publiée peut être close."
        : "Seule une démarche publiée peut être dépubliée.",
    );
  }
  const now = deps.clock().toISOString();
  await store.setState(deps.db, id, { state: to, closed_at: event === "clore" ? now : null }, now);
}

/** Closes a published démarche: no new dossier can be deposited. */
export async function close(deps: Deps, actor: Actor | null, input: { id: number }) {
  await move(deps, actor, input.id, "clore");
}

/** Unpublishes a démarche: its page is gone, drafts already started may still be deposited. */
export async function unpublish(deps: Deps, actor: Actor | null, input: { id: number }) {
  await move(deps, actor, input.id, "depublier");
}
