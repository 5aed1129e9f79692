/**
 * Champs territoire: pays, régions, départements, communes and EPCI, checked against the
 * official lists (INSEE's code officiel géographique via `@etalab/decoupage-administratif`,
 * ISO 3166 for countries). `search.ts` holds the searches the inputs will call.
 */
import { definePlugin } from "../../core/plugin_sdk/mod.ts";
import { communes } from "./communes.ts";
import { departements } from "./departements.ts";
import { epci } from "./epci.ts";
import { pays } from "./pays.ts";
import { regions } from "./regions.ts";

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
  },
});
