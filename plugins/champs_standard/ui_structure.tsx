/**
 * Structure champs (section title, explanation), the pièce justificative and the repetition
 * block's options. The block's rows are the form's business (`container`), not an Input.
 */
import { For, Show } from "solid-js";
import {
  type ChampDisplayProps,
  type ChampInputProps,
  type ChampTypeUi,
  type OptionsEditorProps,
  useFileUploader,
} from "../../ui/plugin_sdk.ts";
import {
  CheckOption,
  frenchNumber,
  NumberOption,
  opts,
  stringList,
  TextOption,
  withOption,
} from "./ui_common.tsx";
import { FileUpload } from "./ui_file_upload.tsx";

/** The level of a section title: 1 to 3, as the options say. */
const levelOf = (options: unknown) => {
  const l = opts(options).level;
  return l === 2 || l === 3 ? l : 1;
};

/** Level 1 is an `<h2>` under the page's `<h1>`. */
function SectionTitle(props: ChampDisplayProps) {
  return (
    <div class={`champ-section champ-section--${levelOf(props.options)}`}>
      {levelOf(props.options) === 1
        ? <h2>{props.label}</h2>
        : levelOf(props.options) === 2
        ? <h3>{props.label}</h3>
        : <h4>{props.label}</h4>}
      <Show when={props.description}>
        <p class="champ-description">{props.description}</p>
      </Show>
    </div>
  );
}

export const headerSectionUi: ChampTypeUi = {
  fillable: false,
  Display: SectionTitle,
  OptionsEditor: (props: OptionsEditorProps) => (
    <div class="field field--compact">
      <label for={`${props.idPrefix}-niveau`}>Niveau du titre</label>
      <select
        id={`${props.idPrefix}-niveau`}
        onChange={(e) =>
          props.onChange(withOption(props.options, "level", Number(e.currentTarget.value)))}
      >
        <option value="1" selected={levelOf(props.options) === 1}>Niveau 1 (section)</option>
        <option value="2" selected={levelOf(props.options) === 2}>Niveau 2 (sous-section)</option>
        <option value="3" selected={levelOf(props.options) === 3}>Niveau 3</option>
      </select>
    </div>
  ),
};

function Explication(props: ChampDisplayProps) {
  const o = () => opts(props.options);
  return (
    <div class="champ-explication">
      <p class="champ-explication__title">{props.label}</p>
      <Show when={props.description}>
        <p class="champ-description">{props.description}</p>
      </Show>
      <Show when={o().collapsible === true && typeof o().details === "string" && o().details}>
        <details>
          <summary>Lire la suite</summary>
          <p class="champ-description">{String(o().details)}</p>
        </details>
      </Show>
    </div>
  );
}

export const explicationUi: ChampTypeUi = {
  fillable: false,
  Display: Explication,
  OptionsEditor: (props: OptionsEditorProps) => (
    <>
      <CheckOption
        id={`${props.idPrefix}-depliable`}
        label="Ajouter un texte à déplier (« Lire la suite »)"
        checked={props.options.collapsible === true}
        onChange={(c) => props.onChange(withOption(props.options, "collapsible", c || undefined))}
      />
      <Show when={props.options.collapsible === true}>
        <TextOption
          id={`${props.idPrefix}-details`}
          label="Texte à déplier"
          multiline
          value={props.options.details}
          onChange={(s) => props.onChange(withOption(props.options, "details", s))}
        />
      </Show>
    </>
  ),
};

/** The format families of `_file_formats.ts`; a UI half imports nothing from the server's. */
const FAMILIES: readonly { id: string; label: string }[] = [
  { id: "document_texte", label: "Documents texte (PDF, Word, OpenDocument, texte)" },
  { id: "tableur", label: "Tableurs (Excel, OpenDocument, CSV)" },
  { id: "presentation", label: "Présentations (PowerPoint, OpenDocument)" },
  { id: "donnees", label: "Données (CSV, JSON, XML, ZIP)" },
  { id: "image_scan", label: "Images et scans (JPEG, PNG, HEIC, TIFF, PDF)" },
];

/** What the pièce justificative accepts, in French, for the usager. */
function acceptText(options: unknown): string {
  const o = opts(options);
  const families = stringList(o.families).map((f) => FAMILIES.find((x) => x.id === f)?.label ?? f);
  const formats = [...families, ...stringList(o.mimes)];
  const size = typeof o.maxSizeMb === "number" ? o.maxSizeMb : 200;
  return `${formats.length ? `Formats acceptés : ${formats.join(", ")}.` : "Tous formats."} ` +
    `Taille maximale : ${frenchNumber(size)} Mo${o.multiple === true ? " par fichier" : ""}.`;
}

/**
 * Preview of the file picker. Files are uploaded with the dossier, which this input does not
 * do yet: it shows what the usager will see, and cannot be used.
 */
function FilePreview(props: ChampInputProps) {
  return (
    <>
      <p class="hint" id={`${props.id}-formats`}>{acceptText(props.options)}</p>
      <input
        id={props.id}
        type="file"
        class="champ-file"
        disabled
        multiple={opts(props.options).multiple === true}
        aria-describedby={[props.describedBy, `${props.id}-formats`].filter(Boolean).join(" ")}
      />
    </>
  );
}

/** In a dossier, the real upload; in the editor's preview (no uploader), the preview. */
function FileInput(props: ChampInputProps) {
  const uploader = useFileUploader();
  return uploader
    ? <FileUpload {...props} uploader={uploader} hint={acceptText(props.options)} />
    : <FilePreview {...props} />;
}

interface AttachedFile {
  fileId?: string;
  filename: string;
  size: number;
}

function FileList(props: ChampDisplayProps) {
  const files = () =>
    Array.isArray(props.value) ? props.value.filter((f) => f && typeof f === "object") : [];
  return (
    <Show when={files().length > 0} fallback={<em>Aucun fichier</em>}>
      <ul class="champ-files">
        <For each={files() as AttachedFile[]}>
          {(f) => (
            <li>
              {f.fileId
                ? <a href={`/files/${encodeURIComponent(f.fileId)}`}>{f.filename}</a>
                : f.filename}{" "}
              <span class="champ-files__size">
                ({frenchNumber(Math.max(1, Math.round(f.size / 1024)))} Ko)
              </span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

function AttachmentOptions(props: OptionsEditorProps) {
  const families = () => stringList(props.options.families);
  const toggle = (id: string, on: boolean) =>
    props.onChange(
      withOption(
        props.options,
        "families",
        FAMILIES.map((f) => f.id).filter((f) => f === id ? on : families().includes(f)),
      ),
    );
  return (
    <>
      <fieldset class="choice-group">
        <legend>Formats acceptés (aucun coché : tous)</legend>
        <For each={FAMILIES}>
          {(f) => (
            <CheckOption
              id={`${props.idPrefix}-${f.id}`}
              label={f.label}
              checked={families().includes(f.id)}
              onChange={(c) => toggle(f.id, c)}
            />
          )}
        </For>
      </fieldset>
      <NumberOption
        id={`${props.idPrefix}-taille`}
        label="Taille maximale en Mo (facultatif, 200 au plus)"
        value={props.options.maxSizeMb}
        onChange={(n) => props.onChange(withOption(props.options, "maxSizeMb", n))}
      />
      <CheckOption
        id={`${props.idPrefix}-plusieurs`}
        label="Accepter plusieurs fichiers"
        checked={props.options.multiple === true}
        onChange={(c) => props.onChange(withOption(props.options, "multiple", c || undefined))}
      />
    </>
  );
}

export const pieceJustificativeUi: ChampTypeUi = {
  Input: FileInput,
  Display: FileList,
  OptionsEditor: AttachmentOptions,
};

export const repetitionUi: ChampTypeUi = {
  container: true,
  OptionsEditor: (props: OptionsEditorProps) => (
    <div class="option-row">
      <NumberOption
        id={`${props.idPrefix}-min`}
        label="Nombre minimal de lignes (facultatif)"
        integer
        value={props.options.minRows}
        onChange={(n) => props.onChange(withOption(props.options, "minRows", n))}
      />
      <NumberOption
        id={`${props.idPrefix}-max`}
        label="Nombre maximal de lignes (facultatif)"
        integer
        value={props.options.maxRows}
        onChange={(n) => props.onChange(withOption(props.options, "maxRows", n))}
      />
    </div>
  ),
};
