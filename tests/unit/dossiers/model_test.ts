import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  parseEventDetails,
  parseInvitationScope,
  parseValues,
} from "../../../core/dossiers/model.ts";
import { parseColumns, parseFilters } from "../../../core/instruction/model.ts";

const codecs = suite("JSON columns read through codecs");

codecs("a dossier's values read as a record, anything else is refused", () => {
  assert.equal(parseValues('{"nom":"Ana","age":3}'), { nom: "Ana", age: 3 });
  assert.throws(() => parseValues("[1,2]"));
  assert.throws(() => parseValues('"texte"'));
});

codecs("an event's details keep a string justificatif and the string ids changed", () => {
  assert.equal(parseEventDetails('{"justificatif":"f-1"}').justificatif, "f-1");
  assert.equal(parseEventDetails('{"changed":["a",3,"b"]}').changed, ["a", "b"]);
  // A shape the code does not know reads as nothing rather than failing the history.
  const odd = parseEventDetails('{"justificatif":12,"changed":"a"}');
  assert.is(odd.justificatif, undefined);
  assert.is(odd.changed, undefined);
});

codecs("an invitation's scope is any JSON (its kind's schema checks it)", () => {
  assert.equal(parseInvitationScope('{"sections":["s1"]}'), { sections: ["s1"] });
});

codecs("chosen columns are strings; stored export filters are the dashboard's", () => {
  assert.equal(parseColumns('["nom","age"]'), ["nom", "age"]);
  assert.throws(() => parseColumns("[1]"));
  assert.equal(parseFilters('{"states":["accepte"],"search":"bateau"}'), {
    states: ["accepte"],
    search: "bateau",
  });
  assert.throws(() => parseFilters('{"states":["inconnu"]}'));
});

codecs.run();
