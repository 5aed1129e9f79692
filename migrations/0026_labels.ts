import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // « Étiquettes »: the démarche's labels (set by its administrators), put on dossiers by the
  // instructeurs to sort their work (« Pièce manquante », « Urgent »…).
  await db.schema.createTable("demarche_labels")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("color", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("demarche_labels_name").on("demarche_labels")
    .columns(["demarche_id", "name"]).unique().execute();
  await db.schema.createTable("dossier_labels")
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.notNull().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn(
      "label_id",
      "integer",
      (c) => c.notNull().references("demarche_labels.id").onDelete("cascade"),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("dossier_labels_pk", ["dossier_id", "label_id"])
    .execute();
  // « Étiquette » filter: the dossiers of a label, newest first.
  await db.schema.createIndex("dossier_labels_label").on("dossier_labels")
    .columns(["label_id", "dossier_id"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dossier_labels").execute();
  await db.schema.dropTable("demarche_labels").execute();
}
