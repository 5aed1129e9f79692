/** The core's migrations, in order. Names sort: keep the numeric prefix. */
import type { Migration } from "kysely/migration";
import * as m0001 from "./0001_accounts.ts";
import * as m0002 from "./0002_jobs.ts";
import * as m0003 from "./0003_demarches_plugins.ts";
import * as m0004 from "./0004_revisions_groupes.ts";
import * as m0005 from "./0005_dossiers.ts";
import * as m0006 from "./0006_files.ts";
import * as m0007 from "./0007_instruction.ts";
import * as m0008 from "./0008_messagerie.ts";
import * as m0009 from "./0009_invitations.ts";
import * as m0010 from "./0010_avis.ts";
import * as m0011 from "./0011_dashboard_index.ts";
import * as m0012 from "./0012_tab_counts.ts";
import * as m0013 from "./0013_dashboard_order.ts";
import * as m0014 from "./0014_decision_justificatif.ts";
import * as m0015 from "./0015_dashboard_sort_nouveau.ts";
import * as m0016 from "./0016_dashboard_sort_search.ts";
import * as m0017 from "./0017_exports.ts";
import * as m0018 from "./0018_mail_templates.ts";
import * as m0019 from "./0019_attestations.ts";
import * as m0020 from "./0020_instructeur_notifications.ts";
import * as m0021 from "./0021_export_columns.ts";
import * as m0022 from "./0022_conservation.ts";
import * as m0023 from "./0023_api_tokens.ts";
import * as m0024 from "./0024_implicit_decision.ts";
import * as m0025 from "./0025_avis_due.ts";
import * as m0026 from "./0026_labels.ts";
import * as m0027 from "./0027_mail_quota.ts";
import * as m0028 from "./0028_sessions_second_factor.ts";
import * as m0029 from "./0029_file_limits.ts";
import * as m0031 from "./0031_token_context.ts";
import * as m0033 from "./0033_value_revisions.ts";
import * as m0034 from "./0034_attestations.ts";
import * as m0035 from "./0035_api_instruction.ts";
import * as m0036 from "./0036_webhook_deliveries.ts";
import * as m0038 from "./0038_identity_providers.ts";
import * as m0042 from "./0042_file_scans.ts";
import * as m0045 from "./0045_audit_events.ts";
import * as m0046 from "./0046_dossier_identity.ts";
import * as m0047 from "./0047_rate_limits.ts";
import * as m0049 from "./0049_file_reference_indexes.ts";
import * as m0051 from "./0051_state_counters.ts";
import * as m0052 from "./0052_search_postings.ts";
import * as m0053 from "./0053_num_indexes_partial.ts";
import * as m0054 from "./0054_webhook_legacy_jobs.ts";

export const migrations: Record<string, Migration> = {
  "0001_accounts": m0001,
  "0002_jobs": m0002,
  "0003_demarches_plugins": m0003,
  "0004_revisions_groupes": m0004,
  "0005_dossiers": m0005,
  "0006_files": m0006,
  "0007_instruction": m0007,
  "0008_messagerie": m0008,
  "0009_invitations": m0009,
  "0010_avis": m0010,
  "0011_dashboard_index": m0011,
  "0012_tab_counts": m0012,
  "0013_dashboard_order": m0013,
  "0014_decision_justificatif": m0014,
  "0015_dashboard_sort_nouveau": m0015,
  "0016_dashboard_sort_search": m0016,
  "0017_exports": m0017,
  "0018_mail_templates": m0018,
  "0019_attestations": m0019,
  "0020_instructeur_notifications": m0020,
  "0021_export_columns": m0021,
  "0022_conservation": m0022,
  "0023_api_tokens": m0023,
  "0024_implicit_decision": m0024,
  "0025_avis_due": m0025,
  "0026_labels": m0026,
  "0027_mail_quota": m0027,
  "0028_sessions_second_factor": m0028,
  "0029_file_limits": m0029,
  "0031_token_context": m0031,
  "0033_value_revisions": m0033,
  "0034_attestations": m0034,
  "0035_api_instruction": m0035,
  "0036_webhook_deliveries": m0036,
  "0038_identity_providers": m0038,
  "0042_file_scans": m0042,
  "0045_audit_events": m0045,
  "0046_dossier_identity": m0046,
  "0047_rate_limits": m0047,
  "0049_file_reference_indexes": m0049,
  "0051_state_counters": m0051,
  "0052_search_postings": m0052,
  "0053_num_indexes_partial": m0053,
  "0054_webhook_legacy_jobs": m0054,
};
