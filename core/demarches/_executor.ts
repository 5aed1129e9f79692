// The query executor stores take: the database or a transaction.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

export type Executor = Kysely<Database> | Transaction<Database>;
