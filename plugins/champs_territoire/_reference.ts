/**
 * The reference data of French territories, from `@etalab/decoupage-administratif` (INSEE's
 * code officiel géographique with La Poste's postal codes), and countries from `pays.json`.
 *
 * Each set is read on first use and kept for the life of the process: a module-level memo
 * of immutable data, not a registry. Reading is synchronous because value schemas are
 * (the core parses values with `v.safeParse`). Only the fields the champs use are kept:
 * the raw communes file is 8 MB of JSON, the kept index a fraction of it.
 */
import PAYS from "./pays.json" with { type: "json" };
import { searchKey } from "./_search_key.ts";
import { codeIndex } from "./_code_index.ts";

export interface Pays {
  readonly code: string;
  readonly nom: string;
  readonly key: string;
}

export interface Region {
  readonly code: string;
  readonly nom: string;
  readonly key: string;
}

export interface Departement {
  readonly code: string;
  readonly nom: string;
  readonly region: string;
  readonly key: string;
}

export interface Commune {
  /** Code INSEE (code officiel géographique), `29019`. */
  readonly code: string;
  readonly nom: string;
  /** Empty for the few communes La Poste does not serve (Terres australes). */
  readonly codesPostaux: readonly string[];
  readonly departement: string;
  readonly region: string;
  /** SIREN of the EPCI the commune belongs to, null for the few outside any. */
  readonly epci: string | null;
  readonly key: string;
}

export interface Epci {
  /** SIREN, `200000172`. */
  readonly code: string;
  readonly nom: string;
  /** Départements of its communes, the one with most inhabitants first. */
  readonly departements: readonly string[];
  readonly key: string;
}

/** A list in search order with its index by code. */
export interface Indexed<T extends { readonly code: string }> {
  readonly list: readonly T[];
  readonly byCode: ReadonlyMap<string, T>;
}

// Shapes of the package's files, trusted data read once: only the fields used here.
interface RawRegion {
  code: string;
  nom: string;
}
interface RawDepartement extends RawRegion {
  region: string;
}
interface RawCommune extends RawDepartement {
  type: string;
  departement: string;
  codesPostaux?: string[];
  population?: number;
}
interface RawEpci extends RawRegion {
  populationTotale?: number;
  membres: { code: string; populationTotale?: number }[];
}

function readPackageFile<T>(name: string): T {
  const url = new URL(import.meta.resolve(`@etalab/decoupage-administratif/data/${name}`));
  try {
    return JSON.parse(Deno.readTextFileSync(url));
  } catch (error) {
    throw new Error(
      `Cannot read the territory reference file "${url.pathname}" (run "deno install"): ${
        (error as Error).message
      }`,
    );
  }
}

function indexed<T extends { readonly code: string }>(list: T[]): Indexed<T> {
  Object.freeze(list);
  return { list, byCode: new Map(list.map((item) => [item.code, item])) };
}

/** The département of a commune, read from its code INSEE (`2A004` → `2A`, `97105` → `971`). */
function departementOfCommune(code: string): string {
  return code.startsWith("97") || code.startsWith("98") ? code.slice(0, 3) : code.slice(0, 2);
}

const collator = new Intl.Collator("fr");

function memo<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => value ??= build();
}

/** Countries, by French name. */
export const pays = memo(() =>
  indexed(
    (PAYS as [string, string][]).map(([code, nom]) =>
      Object.freeze({ code, nom, key: searchKey(nom) })
    ),
  )
);

/** Régions (with the collectivités d'outre-mer), by French name. */
export const regions = memo(() =>
  indexed(
    readPackageFile<RawRegion[]>("regions.json")
      .map(({ code, nom }) => Object.freeze({ code, nom, key: searchKey(nom) }))
      .sort((a, b) => collator.compare(a.nom, b.nom)),
  )
);

/** Départements, by code (`01`, `02`, `2A`, `2B`, `03`… `976`). */
export const departements = memo(() =>
  indexed(
    readPackageFile<RawDepartement[]>("departements.json").map(({ code, nom, region }) =>
      Object.freeze({ code, nom, region, key: searchKey(nom) })
    ),
  )
);

/** The région of a département (`29` → `53`), "" for an unknown one. */
export function regionOfDepartement(code: string): string {
  return departements().byCode.get(code)?.region ?? "";
}

/**
 * EPCI, most populous first, with the EPCI of each commune. Not kept: the communes keep
 * their EPCI, and the map (1.8 MB) would outlive its use; reading the file again when both
 * lists are wanted costs a fraction of a second, once.
 */
function readEpci() {
  const raw = readPackageFile<RawEpci[]>("epci.json");
  const communeEpci = new Map<string, string>();
  const list = raw
    .sort((a, b) => (b.populationTotale ?? 0) - (a.populationTotale ?? 0))
    .map(({ code, nom, membres }) => {
      const inhabitants = new Map<string, number>();
      for (const m of membres) {
        communeEpci.set(m.code, code);
        const d = departementOfCommune(m.code);
        inhabitants.set(d, (inhabitants.get(d) ?? 0) + (m.populationTotale ?? 0));
      }
      const departements = Object.freeze(
        [...inhabitants.keys()].sort((a, b) => inhabitants.get(b)! - inhabitants.get(a)!),
      );
      return Object.freeze({ code, nom, departements, key: searchKey(nom) });
    });
  return { list, communeEpci };
}

/** EPCI (intercommunalités à fiscalité propre), most populous first. */
export const epci = memo(() => indexed(readEpci().list));

/**
 * Current communes (not the communes déléguées or associées kept inside a commune nouvelle,
 * nor Paris, Lyon and Marseille's arrondissements), most populous first.
 */
export const communes = memo(() => {
  const { communeEpci } = readEpci();
  const list = readPackageFile<RawCommune[]>("communes.json")
    .filter((c) => c.type === "commune-actuelle")
    .sort((a, b) => (b.population ?? 0) - (a.population ?? 0))
    .map(({ code, nom, codesPostaux, departement, region }): Commune =>
      Object.freeze({
        code,
        nom,
        codesPostaux: Object.freeze(codesPostaux ?? []),
        departement,
        region,
        epci: communeEpci.get(code) ?? null,
        key: searchKey(nom),
      })
    );
  return { ...indexed(list), byCodePrefix: codeIndex(list, (c) => [c.code, ...c.codesPostaux]) };
});
