/**
 * An upload made for a champ of a dossier (`POST /files?dossier=<id>&champ=<stableId>`):
 * the champ's formats and size are checked while the file is received, not only when the
 * dossier is saved. Only who may fill that champ can name it.
 */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import type { ChampUploadRule } from "../files/service.ts";
import { ownDossier } from "./_access.ts";

const target = v.object({
  dossier: v.pipe(
    v.string(),
    v.regex(/^[1-9][0-9]{0,15}$/, "Le dossier indiqué pour ce fichier n’existe pas."),
    v.transform(Number),
  ),
  champ: v.pipe(
    v.string(),
    v.minLength(1, "Le champ indiqué pour ce fichier n’existe pas."),
    v.maxLength(200, "Le champ indiqué pour ce fichier n’existe pas."),
  ),
});

/** The champ with `stableId`, inside a block or not, and the top-level champ holding it. */
function findChamp(
  champs: readonly ChampDescriptor[],
  stableId: string,
): { champ: ChampDescriptor; top: ChampDescriptor } | null {
  for (const c of champs) {
    if (c.stableId === stableId) return { champ: c, top: c };
    const child = c.children?.find((k) => k.stableId === stableId);
    if (child) return { champ: child, top: c };
  }
  return null;
}

/**
 * The rule for an upload whose query names a dossier and a champ; undefined when it names
 * neither (a messagerie attachment, a logo: the server's own limits apply).
 */
export async function uploadRuleFromQuery(
  deps: Deps,
  actor: Actor | null,
  query: URLSearchParams,
): Promise<ChampUploadRule | undefined> {
  const dossier = query.get("dossier");
  const champ = query.get("champ");
  if (dossier === null && champ === null) return undefined;
  const parsed = v.safeParse(target, { dossier, champ });
  if (!parsed.success) {
    throw new AppError(
      "BAD_REQUEST",
      dossier === null || champ === null
        ? "Indiquez à la fois le dossier et le champ pour lesquels ce fichier est envoyé."
        : parsed.issues[0].message,
    );
  }
  const { form, invite } = await ownDossier(deps, actor, parsed.output.dossier, {
    invites: true,
  });
  const found = findChamp(form.champs, parsed.output.champ);
  const unknown = () =>
    new AppError("NOT_FOUND", "Le champ indiqué pour ce fichier n’existe pas dans ce dossier.");
  if (!found) throw unknown();
  if (invite && !invite.mayEdit(found.top.stableId)) {
    throw new AppError("FORBIDDEN", "Votre invitation ne vous permet pas de modifier ce champ.");
  }
  const type = deps.host.champTypes.get(found.champ.type);
  if (!type?.uploadRule) {
    throw new AppError("BAD_REQUEST", `Le champ « ${found.champ.label} » ne prend pas de fichier.`);
  }
  const options = type.options ? v.safeParse(type.options, found.champ.options) : null;
  if (options && !options.success) throw unknown();
  return { ...type.uploadRule(options ? options.output : {}), label: found.champ.label };
}
