import { sql } from "kysely";
import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The e-mails a démarche's usagers receive, as its administrators wrote them (with tags):
  // `{ "<kind>": { "subject": …, "body": … } }`; a kind not there uses Guichet's own text.
  await db.schema.alterTable("demarches")
    .addColumn("mail_templates", "text", (c) => c.notNull().defaultTo(sql`'{}'`)).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("demarches").dropColumn("mail_templates").execute();
}
