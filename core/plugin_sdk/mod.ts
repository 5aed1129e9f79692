/**
 * The plugin SDK: the only module a plugin imports from the core.
 *
 * A plugin default-exports `definePlugin({...})`; its `register(api)` declares
 * contributions to the extension points. Declarations only: no I/O in `register`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { definePlugin } from "../../core/plugin_sdk/mod.ts";
 *
 * export default definePlugin({
 *   id: "champ_couleur",
 *   version: "1.0.0",
 *   label: "Champ couleur",
 *   host: "^1.0.0",
 *   register(api) {
 *     api.champType({
 *       type: "couleur",
 *       label: "Couleur",
 *       category: "standard",
 *       options: v.object({}),
 *       value: () => v.pipe(v.string(), v.hexColor("Indiquez une couleur comme #1e40af")),
 *       toText: (value) => value,
 *     });
 *   },
 * });
 * ```
 */
export type {
  AttestationGenerator,
  AttestationInput,
  AttestationIssuer,
  AttestationOutput,
  AttestationVerification,
  ChampColumnKind,
  ChampType,
  Channel,
  ChannelContext,
  ConditionOperand,
  ExportCells,
  ExportColumn,
  ExportDate,
  ExportDocument,
  ExportFile,
  ExportFormat,
  ExportRow,
  ExportSink,
  ExportValue,
  ExportWrite,
  FileScanner,
  HookContext,
  Hooks,
  HookVeto,
  IdentityFlowSecrets,
  IdentityPreset,
  IdentityProvider,
  InvitationKind,
  InvitationMessageInput,
  LifecycleEvent,
  OutgoingMessage,
  PluginApi,
  PluginDefinition,
  PluginQuery,
  ScanContext,
  ScanVerdict,
  StoredFile,
  UploadRule,
  ValueContext,
  VerifiedIdentity,
  WebhookEvent,
  WebhookRequest,
  WebhookSender,
} from "./types.ts";
export { LIFECYCLE_EVENTS } from "./types.ts";
export {
  definePlugin,
  ExportRefusal,
  IdentityRefusal,
  type IdentityRefusalReason,
  ScanRefusal,
  SDK_VERSION,
} from "./define.ts";
export { httpUrl, isHttpUrl } from "../shared/url.ts";
export {
  A4,
  describe,
  drawable,
  drawLine,
  drawQr,
  embedFonts,
  embedImage,
  PdfFlow,
  wrap,
} from "./pdf.ts";
export {
  columnWidths,
  headerLabel,
  serialDate,
  type SheetWriter,
  type SpreadsheetFormat,
  type Value as SpreadsheetValue,
  valueOf,
  writeSpreadsheet,
  xmlSafe,
} from "./spreadsheet.ts";
export { zipFiles, ZipToSink } from "./zip.ts";
export { parisInstant, parisIso, parisOffsetMinutes, parisTime } from "./paris_time.ts";
