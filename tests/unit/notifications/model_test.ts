import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { mails } from "../../../core/notifications/model.ts";

const model = suite("account e-mails");

model(
  "associationIdentite() names the provider, the browser to open the link in, its term",
  () => {
    const m = mails.associationIdentite("lou@example.fr", {
      provider: "FranceConnect",
      link: "https://guichet.fr/connexion/liaison/confirmer?jeton=abc",
      minutes: 30,
    });
    assert.is(m.to, "lou@example.fr");
    assert.is(m.subject, "Associer FranceConnect à votre compte");
    assert.ok(
      m.text.includes("Quelqu’un s’est connecté avec FranceConnect en donnant votre adresse"),
    );
    assert.ok(
      m.text.includes("dans le navigateur où vous vous êtes connecté (valable 30 minutes)"),
    );
    assert.ok(m.text.includes("https://guichet.fr/connexion/liaison/confirmer?jeton=abc"));
    assert.ok(m.text.includes("Sinon, ignorez ce message : rien ne sera associé à votre compte."));
  },
);

model.run();
