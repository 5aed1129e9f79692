import type { Kysely } from "kysely";

// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The quota of files not yet deposited sums an account's uploads.
  await db.schema.createIndex("files_uploader").on("files")
    .columns(["uploader_id", "attached_kind"]).execute();
  // Names stored before they were sanitised lose their bidi and control characters (a
  // « ‮exe.pdf » displayed as « fdp.exe »); the rules are copied here, as they were.
  let after = "";
  for (;;) {
    const rows: { id: string; filename: string }[] = await db.selectFrom("files")
      .select(["id", "filename"]).where("id", ">", after).orderBy("id").limit(500).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const clean = row.filename.replace(LONE_SURROGATE, "").normalize("NFC")
        .replace(UNSAFE, "").trim() || "fichier";
      if (clean !== row.filename) {
        await db.updateTable("files").set({ filename: clean }).where("id", "=", row.id).execute();
      }
    }
    after = rows[rows.length - 1].id;
  }
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("files_uploader").execute();
}
