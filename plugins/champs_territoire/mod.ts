/**
 * Champs territoire: pays, régions, départements, communes and EPCI, checked against the
 * official lists (INSEE's code officiel géographique via `@etalab/decoupage-administratif`,
 * ISO 3166 for countries). `search.ts` holds the searches the inputs will call.
 */
import * as v from "valibot";
import { definePlugin } from "../../core/plugin_sdk/mod.ts";
import {
  searchCommunes,
  searchDepartements,
  searchEpci,
  searchPays,
  searchRegions,
} from "./search.ts";

import { communes } from "./communes.ts";
import { departements } from "./departements.ts";
import { epci } from "./epci.ts";
import { pays } from "./pays.ts";
import { regions } from "./regions.ts";

const searchInput = v.object({
  q: v.pipe(
    v.string("Tapez un nom ou un code."),
    v.trim(),
    v.maxLength(100, "Recherche trop longue."),
  ),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 20),
});

export default definePlugin({
  id: "champs_territoire",
  version: "1.0.0",
  label: "Champs territoire",
  description: "Pays, régions, départements, communes et EPCI, tirés des listes officielles.",
  host: "^1.0.0",
  enabledByDefault: true,
  register(api) {
    // One call per type keeps each type's value typed. No I/O: the lists load on first use.
    api.champType(pays);
    api.champType(regions);
    api.champType(departements);
    api.champType(communes);
    api.champType(epci);
    // What the inputs search as the usager types: public reference data.
    const search = (run: (q: string, limit: number) => unknown) => ({
      input: searchInput,
      access: "public" as const,
      run: ({ q, limit }: v.InferOutput<typeof searchInput>) => run(q, limit),
    });
    api.query({ name: "communes", ...search(searchCommunes) });
    api.query({ name: "departements", ...search(searchDepartements) });
    api.query({ name: "regions", ...search(searchRegions) });
    api.query({ name: "pays", ...search(searchPays) });
    api.query({ name: "epci", ...search(searchEpci) });
  },
});
