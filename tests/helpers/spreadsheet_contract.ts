/**
 * What every spreadsheet export format owes, whatever its XML (they share one streaming
 * writer, core/plugin_sdk/spreadsheet.ts): it reads rows no faster than the sink takes them,
 * stops on a sink's failure, and refuses past the limits of the spreadsheets that open it.
 */
import * as assert from "uvu/assert";
import type { Test } from "uvu";
import { writeRows } from "./export_rows.ts";
import type { ExportColumn, ExportFormat, ExportRow } from "../../core/plugin_sdk/mod.ts";

async function* from(rows: readonly ExportRow[]): AsyncGenerator<ExportRow> {
  yield* rows;
}

/**
 * Adds the shared streaming tests to `streaming` and the limit tests to `limits`, for the
 * format `format()` gives; `name` is the format's name in its messages (« Excel »), `app`
 * the spreadsheet whose last row it stops at (« Excel », « Calc »).
 */
export function spreadsheetContract(
  streaming: Test,
  limits: Test,
  format: () => ExportFormat,
  columns: readonly ExportColumn[],
  opts: { name: string; app: string },
) {
  streaming("reads no further ahead of a slow sink than a batch or two of rows", async () => {
    let read = 0;
    let readAtLastWrite = 0;
    let ahead = 0;
    async function* rows(): AsyncGenerator<ExportRow> {
      for (let i = 1; i <= 20_000; i++) {
        read++;
        ahead = Math.max(ahead, read - readAtLastWrite);
        yield { numero: i, nom: `Usager ${i}`, commune: "Le Relecq-Kerhuon", montant: i };
      }
    }
    await writeRows(format(), columns, rows(), {
      write: async () => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        readAtLastWrite = read;
      },
    });
    assert.ok(ahead < 1_000, `${ahead} rows read between two writes`);
  });

  streaming("passes on a sink's failure and stops reading rows", async () => {
    let read = 0;
    async function* rows(): AsyncGenerator<ExportRow> {
      for (let i = 1; i <= 100_000; i++) {
        read++;
        yield { numero: i, nom: `Usager ${i}` };
      }
    }
    let writes = 0;
    try {
      await writeRows(format(), columns, rows(), {
        write: () => ++writes > 3 ? Promise.reject(new Error("disk full")) : Promise.resolve(),
      });
      assert.unreachable("should have thrown");
    } catch (error) {
      assert.is((error as Error).message, "disk full");
    }
    assert.ok(read < 100_000, `${read} rows read`);
  });

  limits("refuses more than 16,384 columns before writing anything", async () => {
    const many = Array.from({ length: 16_385 }, (_, i) => ({ id: `c${i}`, label: `C${i}` }));
    let writes = 0;
    try {
      await writeRows(format(), many, from([]), {
        write: () => (writes++, Promise.resolve()),
      });
      assert.unreachable("should have thrown");
    } catch (error) {
      assert.match((error as Error).message, "limité à 16 384 colonnes, celui-ci en a 16385");
    }
    assert.is(writes, 0);
  });

  limits(
    `stops with a French message at the 1,048,576th dossier, past ${opts.app}'s last row`,
    async () => {
      let read = 0;
      async function* rows(): AsyncGenerator<ExportRow> {
        for (;;) {
          read++;
          yield {};
        }
      }
      try {
        await writeRows(format(), [], rows(), { write: () => Promise.resolve() });
        assert.unreachable("should have thrown");
      } catch (error) {
        assert.is(
          (error as Error).message,
          `L’export ${opts.name} est limité à 1 048 575 lignes : filtrez les dossiers ou ` +
            "choisissez l’export CSV.",
        );
      }
      assert.is(read, 1_048_576);
    },
  );
}
