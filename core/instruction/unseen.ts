/**
 * « Nouveau » on the dashboard: what happened on a dossier since its instructeur last looked.
 * Opening a dossier marks it seen (core/dossiers/reads_store.ts); a page's dossiers are
 * probed in core/instruction/dashboard_details_store.ts.
 */
export { markSeen } from "../dossiers/reads_store.ts";
export { unseenAmong } from "./dashboard_details_store.ts";
