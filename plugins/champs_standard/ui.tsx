/**
 * The UI half of the standard champ types: each type's input, display and options editor,
 * one small `ui_*.tsx` file per family of types.
 */
import type { PluginUi } from "../../ui/plugin_sdk.ts";
import {
  checkboxUi,
  civiliteUi,
  dropDownListUi,
  linkedDropDownListUi,
  multipleDropDownListUi,
  yesNoUi,
} from "./ui_choices.tsx";
import { datetimeUi, dateUi } from "./ui_dates.tsx";
import {
  explicationUi,
  headerSectionUi,
  pieceJustificativeUi,
  repetitionUi,
} from "./ui_structure.tsx";
import {
  decimalNumberUi,
  dossierLinkUi,
  emailUi,
  formattedUi,
  ibanUi,
  integerNumberUi,
  phoneUi,
  siretUi,
  textareaUi,
  textUi,
} from "./ui_text.tsx";

export default {
  id: "champs_standard",
  champTypes: {
    header_section: headerSectionUi,
    explication: explicationUi,
    repetition: repetitionUi,
    dossier_link: dossierLinkUi,
    text: textUi,
    textarea: textareaUi,
    integer_number: integerNumberUi,
    decimal_number: decimalNumberUi,
    date: dateUi,
    datetime: datetimeUi,
    formatted: formattedUi,
    checkbox: checkboxUi,
    yes_no: yesNoUi,
    drop_down_list: dropDownListUi,
    multiple_drop_down_list: multipleDropDownListUi,
    linked_drop_down_list: linkedDropDownListUi,
    civilite: civiliteUi,
    email: emailUi,
    phone: phoneUi,
    iban: ibanUi,
    siret: siretUi,
    piece_justificative: pieceJustificativeUi,
  },
} satisfies PluginUi;
