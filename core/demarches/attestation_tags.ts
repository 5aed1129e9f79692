/**
 * The attestation's templates checked like the e-mails: a tag (`--Nom du bateau--`) the form
 * does not have would be printed as is on an official document, so saving such a template is
 * refused and so is publishing while one remains (a champ renamed after the template was
 * written). The generator says which of its settings are templates (`templates`).
 */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { demarchePlugins } from "../plugin_host/service.ts";
import { unknownTags } from "../notifications/templates.ts";

export interface TemplateIssue {
  /** The template's French name, e.g. « Texte de l’attestation ». */
  readonly label: string;
  readonly tags: readonly string[];
}

/** The unknown tags of plugin `pluginId`'s attestation templates in `settings`. */
export function templateIssues(
  host: Deps["host"],
  pluginId: string,
  settings: unknown,
  known: ReadonlySet<string>,
): TemplateIssue[] {
  return host.attestationGenerators.list().flatMap((g) => {
    if (host.attestationGenerators.ownerOf(g.id) !== pluginId || !g.templates) return [];
    const parsed = g.settings ? v.safeParse(g.settings, settings ?? {}) : null;
    if (parsed && !parsed.success) return [];
    return g.templates(parsed ? parsed.output : settings).flatMap((t) => {
      const tags = unknownTags(t.text, known);
      return tags.length ? [{ label: t.label, tags }] : [];
    });
  });
}

/** The unknown tags of every attestation template switched on for démarche `demarcheId`. */
export async function attestationIssues(
  deps: Deps,
  db: Executor,
  demarcheId: number,
  known: ReadonlySet<string>,
): Promise<TemplateIssue[]> {
  const states = await demarchePlugins(db, deps.host, demarcheId);
  return states.filter((s) => s.enabled).flatMap((s) =>
    templateIssues(deps.host, s.pluginId, s.settings, known)
  );
}

/** « L’attestation (« Texte de l’attestation ») nomme une balise qui n’existe pas… » */
export function issueMessage(issue: TemplateIssue): string {
  const many = issue.tags.length > 1;
  return `L’attestation (« ${issue.label} ») nomme ${
    many ? "des balises qui n’existent" : "une balise qui n’existe"
  } pas dans le formulaire : ${issue.tags.join(", ")}. Écrivez le libellé exact d’un ` +
    "champ entre deux tirets doubles, ou retirez la balise.";
}
