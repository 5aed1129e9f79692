import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  acceptedMimes,
  pieceJustificative,
} from "../../../../plugins/champs_standard/attachments.ts";
import { accepted, empty, optionsOf, optionsRefusal, refusal, refusals, text } from "./_support.ts";

const PDF = { fileId: "f1", filename: "avis.pdf", size: 120_000, mime: "application/pdf" };
const PNG = { fileId: "f2", filename: "photo.png", size: 2_000_000, mime: "image/png" };

const pj = suite("piece_justificative");

pj("{} options parse to one file of any format up to 200 Mo", () => {
  assert.equal(optionsOf(pieceJustificative), {
    families: [],
    mimes: [],
    maxSizeMb: 200,
    multiple: false,
  });
  assert.is(acceptedMimes(optionsOf(pieceJustificative)), null);
});

pj("options refuse a size over 200 Mo, an unknown family or a malformed MIME type", () => {
  assert.is(
    optionsRefusal(pieceJustificative, { maxSizeMb: 500 }),
    "La taille maximale ne peut pas dépasser 200 Mo",
  );
  assert.is(
    optionsRefusal(pieceJustificative, { families: ["video"] }),
    "Choisissez des familles de formats parmi celles proposées",
  );
  assert.is(
    optionsRefusal(pieceJustificative, { mimes: ["pdf"] }),
    "Indiquez des types MIME comme application/pdf ou image/png",
  );
});

pj("acceptedMimes() merges families and extra MIME types without twins", () => {
  const options = optionsOf(pieceJustificative, {
    families: ["image_scan"],
    mimes: [" Application/PDF", "image/webp"],
  });
  const mimes = acceptedMimes(options) ?? [];
  assert.ok(mimes.includes("image/jpeg"));
  assert.ok(mimes.includes("image/webp"));
  assert.is(mimes.filter((m) => m === "application/pdf").length, 1);
});

pj("value() accepts a described file, cleaning its MIME type", () => {
  assert.equal(accepted(pieceJustificative, [{ ...PDF, mime: "Application/PDF; name=x" }]), [PDF]);
});

pj("value() refuses a second file unless multiple files are allowed", () => {
  assert.is(
    refusal(pieceJustificative, [PDF, PNG]),
    "Joignez un seul fichier : retirez les autres",
  );
  assert.equal(accepted(pieceJustificative, [PDF, PNG], { multiple: true }), [PDF, PNG]);
});

pj("value() refuses a file over the maximum size, naming it", () => {
  assert.is(
    refusal(pieceJustificative, [PNG], { maxSizeMb: 1 }),
    "Le fichier « photo.png » dépasse la taille maximale de 1 Mo : réduisez-le ou compressez-le",
  );
});

pj("value() refuses an empty file", () => {
  assert.is(
    refusal(pieceJustificative, [{ ...PDF, size: 0 }]),
    "Le fichier « avis.pdf » est vide : joignez-en un autre",
  );
});

pj("value() refuses a format outside the accepted ones, listing them", () => {
  assert.is(
    refusal(pieceJustificative, [PNG], { families: ["document_texte"], mimes: ["text/csv"] }),
    "Le format du fichier « photo.png » n’est pas accepté : joignez un fichier parmi " +
      "documents texte (PDF, Word, OpenDocument, texte), text/csv",
  );
  assert.equal(accepted(pieceJustificative, [PNG], { families: ["image_scan"] }), [PNG]);
});

pj("value() refuses a badly described file in French", () => {
  // One issue per missing key, all with the same message.
  assert.equal(
    [...new Set(refusals(pieceJustificative, [{ filename: "x.pdf" }]))],
    ["Un fichier joint est mal décrit : retirez-le et joignez-le à nouveau"],
  );
  assert.is(refusal(pieceJustificative, PDF), "Joignez un ou plusieurs fichiers");
});

pj("isEmpty() counts no file as empty; toText() and columns list the filenames", () => {
  assert.ok(empty(pieceJustificative, []));
  assert.not.ok(empty(pieceJustificative, [PDF]));
  assert.is(text(pieceJustificative, [PDF, PNG]), "avis.pdf, photo.png");
  assert.equal(pieceJustificative.toColumns?.([PDF, PNG], optionsOf(pieceJustificative)), {
    value: "avis.pdf, photo.png",
  });
});

pj.run();
