import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  eventMail,
  recipientsOf,
  summaryMail,
  summarySlot,
  summaryThreshold,
} from "../../../core/notifications/instructeur_model.ts";

const rules = suite("instructeurs' notification rules");

rules("recipientsOf() sends a deposit to the groupe, never to its author", () => {
  assert.equal(recipientsOf("depot", { groupe: [1, 2, 3], followers: [2], authorId: 3 }), [1, 2]);
});

rules("recipientsOf() sends a message to the followers, else to the groupe", () => {
  assert.equal(recipientsOf("message", { groupe: [1, 2, 3], followers: [2], authorId: null }), [
    2,
  ]);
  assert.equal(recipientsOf("message", { groupe: [1, 2], followers: [], authorId: 9 }), [1, 2]);
  assert.equal(
    recipientsOf("message", { groupe: [1, 2], followers: [2], authorId: 2 }),
    [],
    "the only follower wrote it",
  );
});

rules("recipientsOf() adds the instructeur who asked for the avis, if still in the groupe", () => {
  assert.equal(
    recipientsOf("avis", { groupe: [1, 2, 3], followers: [2], authorId: 7, also: [1] }),
    [2, 1],
  );
  assert.equal(
    recipientsOf("avis", { groupe: [1, 2], followers: [], authorId: 7, also: [5] }),
    [1, 2],
    "the one who asked left the groupe",
  );
});

rules("summarySlot() is the latest 08:00 UTC; the threshold keeps 12 hours between two", () => {
  assert.is(
    summarySlot(new Date("2026-03-02T08:00:00Z")).toISOString(),
    "2026-03-02T08:00:00.000Z",
  );
  assert.is(
    summarySlot(new Date("2026-03-02T07:59:00Z")).toISOString(),
    "2026-03-01T08:00:00.000Z",
  );
  assert.is(summaryThreshold(new Date("2026-03-02T15:00:00Z")), "2026-03-02T03:00:00.000Z");
  assert.is(summaryThreshold(new Date("2026-03-02T08:05:00Z")), "2026-03-01T20:05:00.000Z");
});

rules("eventMail() links to the dossier and never quotes it", () => {
  const mail = eventMail("message", {
    to: "ines@mairie.fr",
    titre: "Permis",
    numero: 12,
    baseUrl: "https://guichet.fr",
  });
  assert.is(mail.subject, "Nouveau message sur le dossier n° 12");
  assert.match(mail.text, "Un nouveau message vous attend sur le dossier n° 12");
  assert.match(mail.text, "https://guichet.fr/instruction/dossiers/12");
});

rules("summaryMail() has nothing to say without events", () => {
  const counts = { depot: 0, message: 0, avis: 0 };
  assert.is(summaryMail("a@b.fr", [], "https://g.fr"), null);
  assert.is(summaryMail("a@b.fr", [{ demarcheId: 1, titre: "A", counts }], "https://g.fr"), null);
  const mail = summaryMail(
    "a@b.fr",
    [{ demarcheId: 1, titre: "A", counts: { ...counts, avis: 2 } }],
    "https://g.fr",
  );
  assert.match(
    mail!.text,
    "« A »\n- 2 avis rendus\nTableau de bord : https://g.fr/instruction/demarches/1",
  );
});

rules.run();
