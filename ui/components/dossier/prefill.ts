/**
 * Prefilling a new brouillon from its link: `?champ_<stableId>=valeur`. Values are read
 * by the champ's type (oui/non, numbers, lists separated by commas), saved at once, and
 * what could not be used is said in plain French.
 */
import { api } from "../../api.ts";

const TRUE = new Set(["true", "oui", "1"]);
const FALSE = new Set(["false", "non", "0"]);

function read(type: string, raw: string): unknown {
  const text = raw.trim();
  switch (type) {
    case "yes_no":
    case "checkbox":
      return TRUE.has(text.toLowerCase()) ? true : FALSE.has(text.toLowerCase()) ? false : text;
    case "integer_number":
    case "decimal_number": {
      const n = Number(text.replace(",", "."));
      return text !== "" && Number.isFinite(n) ? n : text;
    }
    case "multiple_drop_down_list":
      return text.split(",").map((s) => s.trim()).filter(Boolean);
    default:
      return text;
  }
}

/** Saves the link's values into dossier `id`; returns what to tell the person, if anything. */
export async function prefillFrom(id: number, search: URLSearchParams): Promise<string | null> {
  const given = [...search.entries()].filter(([k]) => k.startsWith("champ_"));
  if (given.length === 0) return null;
  const dossier = await api.usager.dossier.query({ id });
  const values: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, raw] of given) {
    const stableId = key.slice("champ_".length);
    const champ = dossier.champs.find((c) => c.stableId === stableId);
    if (!champ || champ.type === "repetition" || champ.type === "piece_justificative") {
      unknown.push(stableId);
    } else values[stableId] = read(champ.type, raw);
  }
  const invalid: string[] = [];
  if (Object.keys(values).length > 0) {
    try {
      const { errors } = await api.usager.save.mutate({ id, values });
      for (const key of Object.keys(values)) {
        if (errors[key]) invalid.push(errors[key]);
      }
    } catch {
      return "Les valeurs pré-remplies par le lien n’ont pas pu être enregistrées : saisissez-les.";
    }
  }
  const parts: string[] = [];
  if (unknown.length > 0) {
    parts.push(
      `Le lien pré-remplit ${
        unknown.length > 1 ? "des champs qui n’existent" : "un champ qui n’existe"
      } pas dans ce formulaire (${unknown.join(", ")}) : ${
        unknown.length > 1 ? "ces valeurs ont été ignorées" : "cette valeur a été ignorée"
      }.`,
    );
  }
  if (invalid.length > 0) {
    parts.push(`Des valeurs pré-remplies sont à corriger : ${invalid.join(" ; ")}`);
  }
  return parts.length
    ? parts.join(" ")
    : "Des champs ont été pré-remplis par le lien : vérifiez-les.";
}
