/**
 * The plugin UI SDK: the only module a plugin's UI half (`plugins/<id>/ui*.tsx`) imports from
 * ui/ or core/ (tests/architecture.ts checks it). It names what the app gives a champ type's
 * components (their props, the dossier page's file uploader), how Guichet writes a date, and
 * the one call to the server a UI half makes: a read-only query its plugin declared
 * (`api.query` on the server side, run by `plugins.query`).
 */
import { api } from "./api.ts";

export type {
  ChampDisplayProps,
  ChampInputProps,
  ChampTypeUi,
  ConditionSourceUi,
  Labelling,
  OptionsEditorProps,
  PluginUi,
} from "./plugin_registry.ts";
export { type FileUploader, useFileUploader } from "./components/dossier/file_upload.ts";
export type { FileVerification } from "./api.ts";
export { formatLocalDateTime } from "./format.ts";

/** Runs the query `name` that plugin `plugin` declared, with `input`; what it answers. */
export function queryPlugin(plugin: string, name: string, input: unknown): Promise<unknown> {
  return api.plugins.query.query({ plugin, name, input });
}
