/** Date and date-time inputs (native pickers), bounded by the options « passée », début, fin. */
import {
  type ChampInputProps,
  type ChampTypeUi,
  formatLocalDateTime,
  type OptionsEditorProps,
} from "../../ui/plugin_sdk.ts";
import { CheckOption, displayWith, opts, TextOption, withOption } from "./ui_common.tsx";

/** Today (or now) in the browser's time, as a native input reads it. */
function today(withTime: boolean): string {
  const d = new Date();
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString();
  return withTime ? local.slice(0, 16) : local.slice(0, 10);
}

function dateInput(withTime: boolean) {
  return (props: ChampInputProps) => {
    const o = () => opts(props.options);
    const bound = (key: "start" | "end") => {
      const day = o()[key];
      if (typeof day !== "string" || day === "") return undefined;
      return withTime ? `${day}T${key === "start" ? "00:00" : "23:59"}` : day;
    };
    const max = () => {
      const end = bound("end");
      if (o().past !== true) return end;
      const now = today(withTime);
      return end && end < now ? end : now;
    };
    return (
      <input
        id={props.id}
        class="champ-input champ-input--short"
        type={withTime ? "datetime-local" : "date"}
        min={bound("start")}
        max={max()}
        value={typeof props.value === "string" ? props.value : ""}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        aria-required={props.mandatory || undefined}
        onInput={(e) => props.onChange(e.currentTarget.value || null)}
      />
    );
  };
}

function DateOptions(props: OptionsEditorProps) {
  const set = (key: string, value: unknown) =>
    props.onChange(withOption(props.options, key, value));
  return (
    <>
      <CheckOption
        id={`${props.idPrefix}-passee`}
        label="N’accepter que des dates passées"
        checked={props.options.past === true}
        onChange={(c) => set("past", c || undefined)}
      />
      <div class="option-row">
        <TextOption
          id={`${props.idPrefix}-debut`}
          label="Date de début (facultatif)"
          type="date"
          value={props.options.start}
          onChange={(s) => set("start", s || undefined)}
        />
        <TextOption
          id={`${props.idPrefix}-fin`}
          label="Date de fin (facultatif)"
          type="date"
          value={props.options.end}
          onChange={(s) => set("end", s || undefined)}
        />
      </div>
    </>
  );
}

// Written as every date of the interface: « 14 mai 2025 », « 14 mai 2025 à 09:30 ».
const display = displayWith((v) => formatLocalDateTime(String(v)));

export const dateUi: ChampTypeUi = {
  Input: dateInput(false),
  Display: display,
  OptionsEditor: DateOptions,
};

export const datetimeUi: ChampTypeUi = {
  Input: dateInput(true),
  Display: display,
  OptionsEditor: DateOptions,
};
