/** Verification codes: 100 random bits in base32, typed back loosely; names masked. */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  groupCode,
  hashCode,
  maskHolder,
  newCode,
  normalizeCode,
} from "../../../core/instruction/attestation_code.ts";

const codes = suite("attestation codes");

codes("a code is 20 base32 letters (100 bits) in groups of four, never twice", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const code = newCode();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    seen.add(code);
  }
  assert.is(seen.size, 500);
});

codes("typed back in any case, with spaces, O for 0 and I or L for 1", () => {
  assert.is(normalizeCode("7kq2 m4xd-9pza r3tv h8nb"), "7KQ2M4XD9PZAR3TVH8NB");
  assert.is(normalizeCode("OOOO-IIII-LLLL-0000-1111"), "00001111111100001111");
  assert.is(normalizeCode("UUUU-0000-0000-0000-0000"), null);
  assert.is(normalizeCode("1234"), null);
  assert.is(groupCode("7KQ2M4XD9PZAR3TVH8NB"), "7KQ2-M4XD-9PZA-R3TV-H8NB");
});

codes("only a hash is kept, the same for every way of typing the code", async () => {
  const h = await hashCode(normalizeCode("7kq2-m4xd-9pza-r3tv-h8nb")!);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.is(await hashCode(normalizeCode("7KQ2M4XD9PZAR3TVH8NB")!), h);
});

codes("a holder's name keeps each word's first letter", () => {
  assert.is(maskHolder("Yann Le Goff"), "Y*** L* G***");
  assert.is(maskHolder("Żółć Łukasiewicz"), "Ż*** Ł**********");
  assert.is(maskHolder("Nguyễn Thị Minh Khai"), "N***** T** M*** K***");
  assert.is(maskHolder("Anne-Sophie d’Arvor"), "A***-S***** d’A****");
  assert.is(maskHolder("yann@exemple.fr"), "y***@e******.f*");
});

codes.run();
