import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { passwordRules, passwordWeakness } from "../../../core/shared/password.ts";

const rules = suite("password rules");

const met = (password: string, email?: string) =>
  Object.fromEntries(passwordRules(password, email).map((r) => [r.id, r.met]));

rules("every rule is listed, unmet, before anything is typed", () => {
  const list = passwordRules("", "camille@exemple.fr");
  assert.equal(list.map((r) => r.id), ["longueur", "sortes", "courant", "adresse"]);
  assert.equal(met("", "camille@exemple.fr"), {
    longueur: false,
    sortes: false,
    courant: false,
    adresse: false,
  });
});

rules("each rule is ticked off on its own as the password grows", () => {
  assert.equal(met("camille", "camille@exemple.fr"), {
    longueur: false,
    sortes: false,
    courant: true,
    adresse: false,
  });
  assert.equal(met("Motdepasse123", "camille@exemple.fr").courant, false);
  assert.equal(met("Un-mot-de-passe-solide-42", "camille@exemple.fr"), {
    longueur: true,
    sortes: true,
    courant: true,
    adresse: true,
  });
});

rules("passwordWeakness() answers the first rule broken, as the server says it", () => {
  assert.match(passwordWeakness("court")!, /au moins 12 caractères/);
  assert.match(passwordWeakness("toutenminuscule")!, /trois sortes/);
  assert.match(passwordWeakness("Camille-2026-ici", "camille@exemple.fr")!, /adresse e-mail/);
  assert.match(passwordWeakness("x".repeat(201))!, /200 caractères/);
  assert.is(passwordWeakness("Un-mot-de-passe-solide-42", "camille@exemple.fr"), null);
});

rules.run();
