import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import {
  emailSchema,
  newRecoveryCodes,
  normalizeRecoveryCode,
  passwordWeakness,
  sessionIdleLimitMs,
  signUpInput,
} from "../../../core/accounts/model.ts";

const weakness = suite("passwordWeakness");

weakness("accepts a long password mixing three kinds of characters", () => {
  assert.is(passwordWeakness("Un-mot-de-passe-solide-42"), null);
  assert.is(passwordWeakness("cheval agrafe 2026"), null);
});

weakness("refuses fewer than 12 characters", () => {
  assert.is(
    passwordWeakness("Court-1!"),
    "Le mot de passe doit contenir au moins 12 caractères.",
  );
  assert.is(passwordWeakness("Abcdefghij1!"), null);
  assert.match(passwordWeakness("Abcdefghi1!") ?? "", /au moins 12/);
});

weakness("refuses more than 200 characters", () => {
  assert.match(passwordWeakness("Aa1-".repeat(51)) ?? "", /ne doit pas dépasser 200/);
  assert.is(passwordWeakness("Aa1-".repeat(50)), null);
});

weakness("refuses fewer than three kinds of characters", () => {
  assert.match(passwordWeakness("toutenminuscules") ?? "", /trois sortes de caractères/);
  assert.match(passwordWeakness("minuscules123456") ?? "", /trois sortes/);
  assert.is(passwordWeakness("Minuscules123456"), null);
});

weakness("refuses a common password whatever its case", () => {
  assert.match(passwordWeakness("Motdepasse123") ?? "", /trop courant/);
  assert.match(passwordWeakness("AZERTYuiop12") ?? "", /trop courant/);
});

weakness("refuses a password containing the e-mail's local part", () => {
  assert.match(
    passwordWeakness("Camille.Martin-2026", "camille.martin@exemple.fr") ?? "",
    /ne doit pas contenir votre adresse/,
  );
  // Too short a local part would refuse too many passwords.
  assert.is(passwordWeakness("Bonjour-Ali-2026", "ali@exemple.fr"), null);
});

const schemas = suite("account schemas");

schemas("an e-mail is trimmed and lower-cased", () => {
  assert.is(v.parse(emailSchema, "  Camille@Exemple.FR "), "camille@exemple.fr");
});

schemas("an invalid e-mail gets a French message with an example", () => {
  const r = v.safeParse(signUpInput, { email: "pas-une-adresse", password: "x" });
  assert.not.ok(r.success);
  assert.match(r.issues![0].message, /nom@exemple\.fr/);
});

const sessions = suite("sessionIdleLimitMs");

sessions("2 hours for the roles that reach others' data, 7 days for usagers and experts", () => {
  const hours = (roles: Parameters<typeof sessionIdleLimitMs>[0]) =>
    sessionIdleLimitMs(roles) / 3_600_000;
  assert.is(hours(["usager"]), 7 * 24);
  assert.is(hours(["usager", "expert"]), 7 * 24);
  assert.is(hours(["usager", "instructeur"]), 2);
  assert.is(hours(["usager", "administrateur"]), 2);
  assert.is(hours(["usager", "expert", "super_admin"]), 2);
});

const recovery = suite("codes de secours");

recovery("ten distinct codes, read back whatever the case, spaces or dashes", () => {
  const codes = newRecoveryCodes();
  assert.is(new Set(codes).size, 10);
  for (const code of codes) assert.match(code, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
  const [first] = codes;
  const bare = first.replace("-", "");
  assert.is(normalizeRecoveryCode(first), bare);
  assert.is(normalizeRecoveryCode(` ${first.toUpperCase().replace("-", " - ")} `), bare);
  assert.is(normalizeRecoveryCode("123456"), null);
  assert.is(normalizeRecoveryCode("abcde-fghij-k"), null);
});

weakness.run();
schemas.run();
sessions.run();
recovery.run();
