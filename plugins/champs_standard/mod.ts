/**
 * Champs standard: the built-in champ types (text, numbers, dates, choices, identity and
 * banking numbers, attachments, structure). The core knows none of them; they arrive here.
 */
import { definePlugin } from "../../core/plugin_sdk/mod.ts";
import { checkbox, yesNo } from "./booleans.ts";
import { dropDownList, multipleDropDownList } from "./choices.ts";
import { date, datetime } from "./dates.ts";
import { dossierLink } from "./dossier_link.ts";
import { formatted } from "./formatted.ts";
import { civilite, email, phone } from "./identity.ts";
import { iban, siret } from "./banking.ts";
import { linkedDropDownList } from "./linked_choices.ts";
import { decimalNumber, integerNumber } from "./numbers.ts";
import { pieceJustificative } from "./attachments.ts";
import { repetition } from "./repetition.ts";
import { explication, headerSection } from "./structure.ts";
import { text, textarea } from "./text.ts";

export default definePlugin({
  id: "champs_standard",
  version: "1.0.0",
  label: "Champs standard",
  description: "Les types de champ courants : textes, nombres, dates, choix, pièces jointes…",
  host: "^1.0.0",
  enabledByDefault: true,
  register(api) {
    // One call per type (not a loop over a list) keeps each type's options and value typed.
    api.champType(headerSection);
    api.champType(explication);
    api.champType(repetition);
    api.champType(dossierLink);
    api.champType(text);
    api.champType(textarea);
    api.champType(integerNumber);
    api.champType(decimalNumber);
    api.champType(date);
    api.champType(datetime);
    api.champType(formatted);
    api.champType(checkbox);
    api.champType(yesNo);
    api.champType(dropDownList);
    api.champType(multipleDropDownList);
    api.champType(linkedDropDownList);
    api.champType(civilite);
    api.champType(email);
    api.champType(phone);
    api.champType(iban);
    api.champType(siret);
    api.champType(pieceJustificative);
  },
});
