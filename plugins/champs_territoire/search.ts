/**
 * Searches behind the territory inputs: by name (accents, case and hyphens do not count,
 * « st » stands for « saint »), by code, and for communes by postal code. Pure functions of
 * the reference data, ready to be exposed as `plugins.champs_territoire.*` procedures.
 *
 * Results come best first: same name, then names beginning with the query, then names
 * with a word beginning with each query word; ties by population (communes, EPCI), code
 * (départements) or name (régions, pays).
 */
import { bestMatches, queryWords, type Rank, ranker } from "./_search_key.ts";
import * as reference from "./_reference.ts";
import { departementNom, departementText } from "./departements.ts";

/** A commune with one of its postal codes: what the person picks, and the champ's value. */
export interface CommuneResult {
  readonly code: string;
  readonly nom: string;
  readonly codePostal: string | null;
  readonly departement: string;
  readonly region: string;
  /** `Brest (29200)`. */
  readonly label: string;
  /** The département's name, telling apart communes of the same name: `Finistère`. */
  readonly detail: string;
}

export interface DepartementResult {
  readonly code: string;
  readonly nom: string;
  readonly region: string;
  /** `Finistère (29)`. */
  readonly label: string;
}

export interface EpciResult {
  readonly code: string;
  readonly nom: string;
  /** Départements it covers, the one with most inhabitants first. */
  readonly departements: readonly string[];
  readonly label: string;
}

export interface RegionResult {
  readonly code: string;
  readonly nom: string;
  readonly label: string;
}

export type PaysResult = RegionResult;

/** Most results a search returns, whatever the limit asked. */
export const MAX_RESULTS = 100;

const DEFAULT_LIMIT = 20;

interface Query {
  /** Words that begin with a digit: codes, postal codes or their beginning, upper case. */
  readonly codes: readonly string[];
  /** Whether the query has no word at all. */
  readonly blank: boolean;
  /** Rank of a name key for the query's other words, null when it has none. */
  readonly rankName: ((key: string) => Rank | -1) | null;
}

function parse(query: string): Query {
  const words = queryWords(query);
  const isCode = (w: string) => /^[0-9]/.test(w);
  const names = words.filter((w) => !isCode(w));
  return {
    codes: words.filter(isCode).map((w) => w.toUpperCase()),
    blank: words.length === 0,
    rankName: names.length > 0 ? ranker(names) : null,
  };
}

/**
 * Rank of an entry: the worse of how its name and its codes match. Each code word must
 * equal (rank 0) or begin (rank 1) the entry's code or one of its postal codes. An empty
 * query lists every entry, in the list's order.
 */
function rankOf(
  q: Query,
  entry: { readonly key: string; readonly code: string; readonly codesPostaux?: readonly string[] },
): Rank | -1 {
  if (q.blank) return 2;
  let worst = q.rankName ? q.rankName(entry.key) : 0;
  if (worst === -1) return -1;
  const postal = entry.codesPostaux ?? [];
  for (const word of q.codes) {
    if (entry.code === word || postal.includes(word)) continue;
    if (!entry.code.startsWith(word) && !postal.some((c) => c.startsWith(word))) return -1;
    worst = Math.max(worst, 1) as Rank;
  }
  return worst;
}

function clamp(limit: number): number {
  return Math.max(0, Math.min(Math.trunc(limit) || 0, MAX_RESULTS));
}

/**
 * Communes matching a name, a postal code or a code INSEE (words may mix: « brest 29 »),
 * one result per postal code. An empty query finds nothing: there are 35,000.
 *
 * @example
 * ```ts
 * searchCommunes("29200")[0].label; // "Brest (29200)"
 * searchCommunes("saint etienne")[0].label; // "Saint-Étienne (42000)"
 * ```
 */
export function searchCommunes(query: string, limit = DEFAULT_LIMIT): CommuneResult[] {
  const q = parse(query);
  const max = clamp(limit);
  if (q.blank || max === 0) return [];
  const all = reference.communes();
  // Code words narrow the candidates through the index of codes; names are scanned.
  const candidates = q.codes.length > 0 ? all.byCodePrefix.startingWith(q.codes[0]) : all.list;
  const found = bestMatches(candidates, (c) => rankOf(q, c), max);
  const results: CommuneResult[] = [];
  for (const c of found) {
    // Postal codes the query names, or all of them when it names the commune otherwise.
    const postal = c.codesPostaux.filter((cp) => q.codes.every((w) => cp.startsWith(w)));
    const offered = postal.length > 0 ? postal : c.codesPostaux;
    for (const codePostal of offered.length > 0 ? offered : [null]) {
      results.push({
        code: c.code,
        nom: c.nom,
        codePostal,
        departement: c.departement,
        region: c.region,
        label: codePostal ? `${c.nom} (${codePostal})` : c.nom,
        detail: departementNom(c.departement),
      });
    }
  }
  return results.slice(0, max);
}

/**
 * Départements matching a name or a code (« 29 », « 2a », « finis »); all of them, by
 * code, for an empty query.
 */
export function searchDepartements(query: string, limit = DEFAULT_LIMIT): DepartementResult[] {
  const q = parse(query);
  return bestMatches(reference.departements().list, (d) => rankOf(q, d), clamp(limit))
    .map(({ code, nom, region }) => ({ code, nom, region, label: departementText(code) }));
}

/** Régions matching a name or a code; all of them, by name, for an empty query. */
export function searchRegions(query: string, limit = DEFAULT_LIMIT): RegionResult[] {
  const q = parse(query);
  return bestMatches(reference.regions().list, (r) => rankOf(q, r), clamp(limit))
    .map(({ code, nom }) => ({ code, nom, label: nom }));
}

/** Countries matching a French name or an ISO code (« fr », « allem »). */
export function searchPays(query: string, limit = DEFAULT_LIMIT): PaysResult[] {
  const q = parse(query);
  const code = query.trim().toUpperCase();
  return bestMatches(
    reference.pays().list,
    (p) => (p.code === code ? 0 : rankOf(q, p)),
    clamp(limit),
  ).map(({ code, nom }) => ({ code, nom, label: nom }));
}

/** EPCI matching a name (« metropole lyon ») or a SIREN, most populous first. */
export function searchEpci(query: string, limit = DEFAULT_LIMIT): EpciResult[] {
  const q = parse(query);
  return bestMatches(reference.epci().list, (e) => rankOf(q, e), clamp(limit))
    .map(({ code, nom, departements }) => ({ code, nom, departements, label: nom }));
}
