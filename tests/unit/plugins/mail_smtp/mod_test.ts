import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { parseMailFrom } from "../../../../plugins/mail_smtp/mod.ts";

const from = suite("MAIL_FROM");

from("a name and an address, quoted or not, or an address alone", () => {
  assert.equal(parseMailFrom("Guichet <ne-pas-repondre@guichet.fr>"), {
    name: "Guichet",
    address: "ne-pas-repondre@guichet.fr",
  });
  assert.equal(parseMailFrom('"Mairie, \\"Guichet\\"" <g@mairie.fr>'), {
    name: 'Mairie, "Guichet"',
    address: "g@mairie.fr",
  });
  assert.equal(parseMailFrom(" g@mairie.fr "), { name: "", address: "g@mairie.fr" });
});

from.run();
