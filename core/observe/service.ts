/**
 * The instance's gauges for `/metrics`, read where they are already kept so that a scrape
 * costs a few small queries even at a million dossiers: jobs not done by kind (the queue's
 * index), dossiers by the dashboards' counters (never counted from the dossiers), the size
 * of the database.
 */
import type { Deps } from "../deps.ts";
import { databaseBytes } from "../db/size.ts";
import { countUnfinishedByKind } from "../jobs/store.ts";
import { instanceTabCounts } from "../dossiers/counters_store.ts";
import { type Gauge, renderGauges } from "./model.ts";

/**
 * The gauges in Prometheus' text format.
 *
 * @example
 * ```ts
 * const text = await metricsText(deps); // "# HELP guichet_jobs …\nguichet_jobs{kind=…} 3\n…"
 * ```
 */
export async function metricsText(deps: Deps): Promise<string> {
  const jobs = await countUnfinishedByKind(deps.db);
  const tabs = await instanceTabCounts(deps.db);
  const gauges: Gauge[] = [
    {
      name: "guichet_jobs",
      help:
        "Tâches de fond non terminées, par type et statut (pending : en attente, running : en cours, failed : en échec, à relancer par le super-admin).",
      values: jobs.map((j) => ({ labels: { kind: j.kind, status: j.status }, value: j.n })),
    },
    {
      name: "guichet_dossiers",
      help:
        "Dossiers déposés, par état (en_construction, en_instruction, accepte, refuse, sans_suite ; archive : archivés, quel que soit leur état) ; d’après les compteurs des tableaux de bord.",
      values: [
        ...Object.entries(tabs.etats).map(([etat, value]) => ({ labels: { etat }, value })),
        { labels: { etat: "archive" }, value: tabs.archives },
      ],
    },
    {
      name: "guichet_database_bytes",
      help: "Taille de la base de données, en octets.",
      values: [{ labels: {}, value: await databaseBytes(deps.db) }],
    },
  ];
  return renderGauges(gauges);
}
