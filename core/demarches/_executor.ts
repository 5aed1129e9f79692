// The query executor stores take: the database or a transaction (now declared in core/db/).
export type { Executor } from "../db/mod.ts";
