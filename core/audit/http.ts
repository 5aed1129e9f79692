/**
 * `GET /journal-audit.csv?action=…&personne=…&du=…&au=…&demarcheId=…`: the super-admin's
 * export of « Journal d'audit », streamed.
 */
import * as v from "valibot";
import { AppError } from "../errors.ts";
import type { Deps } from "../deps.ts";
import type { Actor } from "../policy/mod.ts";
import { auditFilterInput } from "./model.ts";
import { exportAuditCsv } from "./service.ts";

/** The query string as the filters (empty values left out); a bad one is a French 400. */
export function filterFromQuery(params: URLSearchParams) {
  const raw: Record<string, unknown> = {};
  for (const key of ["action", "personne", "du", "au"]) {
    const value = params.get(key);
    if (value) raw[key] = value;
  }
  const demarche = params.get("demarcheId");
  if (demarche) raw.demarcheId = /^\d{1,15}$/.test(demarche) ? Number(demarche) : demarche;
  const parsed = v.safeParse(auditFilterInput, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = issue.path?.map((p) => String(p.key)).join(".") ?? "";
    const message = field === "demarcheId"
      ? "Le numéro de démarche doit être un nombre entier positif."
      : issue.message;
    throw new AppError("BAD_REQUEST", `Filtre « ${field} » invalide : ${message}`);
  }
  return parsed.output;
}

/** The CSV as a download, or the error for `fail` to answer. */
export async function auditCsvResponse(
  deps: Deps,
  actor: Actor | null,
  url: URL,
): Promise<Response> {
  const { filename, body } = await exportAuditCsv(deps, actor, filterFromQuery(url.searchParams));
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
    },
  });
}
