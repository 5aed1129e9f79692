/**
 * The pièce justificative's input inside a dossier: files are uploaded as soon as they
 * are chosen (with progress), checked here for size and count before sending (the server
 * checks again, and the format by content), listed with « Retirer ». Where the site has an
 * antivirus, each file reads « en cours de vérification » until it has been checked, and a
 * file it refused says so next to the champ — unless the champ shows an error already (a
 * refused deposit, which names the file), so that it is said once.
 */
import { createEffect, createSignal, For, onCleanup, Show } from "solid-js";
import type { ChampInputProps, FileUploader, FileVerification } from "../../ui/plugin_sdk.ts";
import { FORMAT_FAMILIES, type FormatFamily } from "./_file_formats.ts";
import { frenchNumber, opts, stringList } from "./ui_common.tsx";

interface AttachedFile {
  readonly fileId: string;
  readonly filename: string;
  readonly size: number;
  readonly mime: string;
}

interface Sending {
  readonly name: string;
  readonly progress: number;
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${frenchNumber(Math.round(bytes / 1024 / 102.4) / 10)} Mo`
    : `${frenchNumber(Math.max(1, Math.round(bytes / 1024)))} Ko`;

/** The `accept` attribute from the options' families and MIME types; none: any format. */
function acceptOf(options: unknown): string | undefined {
  const o = opts(options);
  const mimes = [
    ...stringList(o.families).flatMap((f) => FORMAT_FAMILIES[f as FormatFamily]?.mimes ?? []),
    ...stringList(o.mimes),
  ];
  return mimes.length ? [...new Set(mimes)].join(",") : undefined;
}

/** How often a file « en cours de vérification » is asked about again. */
const VERIFICATION_POLL_MS = 1000;

/**
 * What the antivirus said of each file listed, by id: asked once for each, then again while
 * it is being checked, until the input goes away.
 */
function useVerifications(
  uploader: FileUploader,
  ids: () => readonly string[],
): (id: string) => FileVerification | undefined {
  const [verdicts, setVerdicts] = createSignal<Record<string, FileVerification>>({});
  const asked = new Set<string>();
  let alive = true;
  onCleanup(() => {
    alive = false;
  });
  const ask = async (id: string) => {
    while (alive && uploader.verification) {
      try {
        const verdict = await uploader.verification(id);
        setVerdicts((all) => ({ ...all, [id]: verdict }));
        if (verdict.state !== "en_attente") return;
      } catch {
        // Offline or gone: asked again below, as while it is being checked.
      }
      await new Promise((resolve) => setTimeout(resolve, VERIFICATION_POLL_MS));
    }
  };
  createEffect(() => {
    for (const id of ids()) {
      if (asked.has(id)) continue;
      asked.add(id);
      void ask(id);
    }
  });
  return (id) => verdicts()[id];
}

export function FileUpload(
  props: ChampInputProps & { uploader: FileUploader; hint: string },
) {
  const files = (): AttachedFile[] =>
    Array.isArray(props.value)
      ? props.value.filter((f): f is AttachedFile => !!f && typeof f === "object" && "fileId" in f)
      : [];
  const multiple = () => opts(props.options).multiple === true;
  const maxMb = () => {
    const m = opts(props.options).maxSizeMb;
    return typeof m === "number" ? m : 200;
  };
  const [sending, setSending] = createSignal<Sending | null>(null);
  const [problems, setProblems] = createSignal<string[]>([]);
  const [said, setSaid] = createSignal("");
  const verdictOf = useVerifications(props.uploader, () => files().map((f) => f.fileId));
  let picker!: HTMLInputElement;

  async function choose(list: FileList | null) {
    const chosen = [...(list ?? [])];
    picker.value = "";
    if (chosen.length === 0) return;
    const errors: string[] = [];
    let current = files();
    for (const file of multiple() ? chosen : chosen.slice(0, 1)) {
      if (file.size === 0) {
        errors.push(`Le fichier « ${file.name} » est vide : joignez-en un autre.`);
        continue;
      }
      if (file.size > maxMb() * 1024 * 1024) {
        errors.push(
          `Le fichier « ${file.name} » pèse ${sizeText(file.size)} : la taille maximale est de ${
            frenchNumber(maxMb())
          } Mo. Réduisez-le ou compressez-le.`,
        );
        continue;
      }
      setSending({ name: file.name, progress: 0 });
      try {
        const uploaded = await props.uploader.upload(
          file,
          (p) => setSending({ name: file.name, progress: p }),
          props.stableId,
        );
        current = multiple() ? [...current, uploaded] : [uploaded];
        props.onChange(current);
        setSaid(`Fichier « ${uploaded.filename} » joint.`);
      } catch (e) {
        const message = (e as { message?: string })?.message ?? "L’envoi a échoué.";
        errors.push(`« ${file.name} » n’a pas pu être joint : ${message}`);
      }
    }
    setSending(null);
    setProblems(errors);
  }

  const remove = (file: AttachedFile) => {
    props.onChange(files().filter((f) => f.fileId !== file.fileId));
    setSaid(`Fichier « ${file.filename} » retiré.`);
    picker.focus();
  };

  return (
    <div class="file-input">
      <p class="hint" id={`${props.id}-formats`}>{props.hint}</p>
      <Show when={files().length > 0}>
        <ul class="file-input__list" aria-label="Fichiers joints">
          <For each={files()}>
            {(f) => (
              <li class="file-input__item">
                <Show
                  when={verdictOf(f.fileId)?.state === "sain" || !props.uploader.verification}
                  fallback={<span class="file-input__name">{f.filename}</span>}
                >
                  <a class="file-input__name" href={`/files/${encodeURIComponent(f.fileId)}`}>
                    {f.filename}
                  </a>
                </Show>
                <span class="hint">{sizeText(f.size)}</span>
                <Show when={verdictOf(f.fileId)?.state === "en_attente"}>
                  <span class="hint" role="status">en cours de vérification</span>
                </Show>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  onClick={() => remove(f)}
                >
                  Retirer<span class="visually-hidden">le fichier « {f.filename} »</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={sending()}>
        {(s) => (
          <p class="file-input__sending">
            <label for={`${props.id}-progression`}>Envoi de « {s().name} »</label>{" "}
            <progress
              id={`${props.id}-progression`}
              max="100"
              value={Math.round(s().progress * 100)}
            >
              {Math.round(s().progress * 100)} %
            </progress>
          </p>
        )}
      </Show>
      <For each={problems()}>
        {(p) => <p class="field-error">{p}</p>}
      </For>
      {/* An error on the champ (a refused deposit names the file) already says it: once. */}
      <Show when={!props.invalid}>
        <For
          each={files().map((f) => verdictOf(f.fileId))
            .filter((v) => v && v.state !== "en_attente" && v.message).map((v) => v!.message)}
        >
          {(message) => <p class="field-error" role="alert">{message}</p>}
        </For>
      </Show>
      <input
        ref={picker}
        id={props.id}
        type="file"
        class="champ-file"
        accept={acceptOf(props.options)}
        multiple={multiple()}
        disabled={!!sending()}
        aria-describedby={[props.describedBy, `${props.id}-formats`].filter(Boolean).join(" ")}
        aria-invalid={props.invalid || problems().length > 0 || undefined}
        onChange={(e) => void choose(e.currentTarget.files)}
      />
      <p class="visually-hidden" role="status">{said()}</p>
    </div>
  );
}
