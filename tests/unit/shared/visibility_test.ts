import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { restrictedTo, visibility } from "../../../core/shared/visibility.ts";

const when = (champ: string, value: string | boolean) => ({ op: "eq" as const, champ, value });
const champ = (stableId: string, extra: Partial<ChampDescriptor> = {}): ChampDescriptor => ({
  stableId,
  type: "text",
  label: stableId,
  description: "",
  mandatory: false,
  options: {},
  condition: null,
  ...extra,
});

const FORM: ChampDescriptor[] = [
  champ("s_bateau", { type: "header_section" }),
  champ("controle", { type: "yes_no" }),
  champ("date_controle", { condition: when("controle", true) }),
  champ("s_technique", { type: "header_section" }),
  champ("organisme", { condition: when("controle", true) }),
  champ("motif", { condition: when("organisme", "Bureau Veritas") }),
  champ("moteurs", {
    type: "repetition",
    children: [
      champ("marque"),
      champ("puissance", { condition: when("marque", "Yamaha") }),
      champ("revision", { condition: when("controle", true) }),
    ],
  }),
];
const VALUES = {
  controle: true,
  date_controle: "2025-05-14",
  organisme: "Bureau Veritas",
  motif: "Visite annuelle",
};
const inTechnique = new Set(["s_technique", "organisme", "motif", "moteurs"]);

const visible = suite("visibility");

visible(
  "visibility() hides a champ whose source is hidden, and reads rows with what is before",
  () => {
    const { visible: shown, seen } = visibility(FORM, { ...VALUES, controle: false });
    assert.not.ok(shown.has("date_controle"));
    assert.not.ok(shown.has("organisme"));
    assert.not.ok(shown.has("motif"), "a hidden source counts as blank");
    const row = visibility(FORM[6].children!, { marque: "Yamaha" }, seen).visible;
    assert.equal([...row], ["marque", "puissance"]);
  },
);

visible(
  "restrictedTo() shows an invité the champs everyone sees, without the others' values",
  () => {
    const restricted = restrictedTo(FORM, VALUES, (id) => inTechnique.has(id));
    assert.equal(restricted.champs.map((c) => c.stableId), [...inTechnique]);
    assert.not.ok("controle" in restricted.values, "a value kept from them stays kept");
    const { visible: shown, seen } = visibility(restricted.champs, restricted.values);
    assert.equal([...shown], [...inTechnique], "as the owner sees them");
    const moteurs = restricted.champs.find((c) => c.stableId === "moteurs")!;
    assert.equal(
      [...visibility(moteurs.children!, { marque: "Yamaha" }, seen).visible],
      ["marque", "puissance", "revision"],
      "a row reads its own champs live and what is kept from the invité as decided",
    );
    // What the invité fills still counts live: « motif » follows « organisme ».
    const emptied = visibility(restricted.champs, { ...restricted.values, organisme: "" });
    assert.not.ok(emptied.visible.has("motif"));
  },
);

visible("restrictedTo() hides from an invité what is hidden from everyone", () => {
  const restricted = restrictedTo(
    FORM,
    { ...VALUES, controle: false },
    (id) => inTechnique.has(id),
  );
  const { visible: shown } = visibility(restricted.champs, restricted.values);
  assert.not.ok(shown.has("organisme"));
  assert.not.ok(shown.has("motif"));
});

visible.run();
