import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  automaticAfterDeposit,
  DOSSIER_STATES,
  fixable,
  messagerieOpen,
  transition,
  usagerCanEdit,
  visibleToInstructeurs,
} from "../../../core/dossiers/lifecycle.ts";
import { LIFECYCLE_EVENTS } from "../../../core/plugin_sdk/mod.ts";

const lifecycle = suite("dossier lifecycle");
const instruction = { by: "instructeur" as const, mode: "instruction" as const };

lifecycle("the table of the guide: every allowed transition and only those", () => {
  const allowed = new Set<string>();
  for (const state of DOSSIER_STATES) {
    for (const event of LIFECYCLE_EVENTS) {
      for (const by of ["usager", "instructeur", "systeme"] as const) {
        for (
          const mode of [
            "instruction",
            "declarative_en_instruction",
            "declarative_accepte",
          ] as const
        ) {
          const r = transition(state, event, {
            by,
            mode,
            motivation: "motif",
            annotationsComplete: true,
          });
          if (r.ok) allowed.add(`${state} -${event}/${by}-> ${r.to}`);
        }
      }
    }
  }
  assert.equal([...allowed].sort(), [
    "accepte -repasser_en_instruction/instructeur-> en_instruction",
    "brouillon -deposer/usager-> en_construction",
    "en_construction -accepter_automatiquement/systeme-> accepte",
    "en_construction -passer_en_instruction/instructeur-> en_instruction",
    "en_construction -passer_en_instruction/systeme-> en_instruction",
    "en_instruction -accepter/instructeur-> accepte",
    "en_instruction -classer_sans_suite/instructeur-> sans_suite",
    "en_instruction -refuser/instructeur-> refuse",
    "en_instruction -repasser_en_construction/instructeur-> en_construction",
    "refuse -repasser_en_instruction/instructeur-> en_instruction",
    "sans_suite -repasser_en_instruction/instructeur-> en_instruction",
  ]);
});

lifecycle("refuser and classer_sans_suite need a motivation; accepter does not", () => {
  assert.equal(transition("en_instruction", "refuser", instruction), {
    ok: false,
    code: "motivation",
    reason: "Indiquez le motif du refus.",
  });
  assert.equal(
    transition("en_instruction", "classer_sans_suite", { ...instruction, motivation: "  " }).ok,
    false,
  );
  assert.equal(transition("en_instruction", "accepter", instruction), { ok: true, to: "accepte" });
});

lifecycle("every refusal carries a code; only what the actor can fill in is fixable", () => {
  const codes = (
    state: "en_instruction" | "accepte",
    event: "refuser" | "accepter",
    facts = {},
  ) => {
    const r = transition(state, event, { ...instruction, ...facts });
    return r.ok ? null : r.code;
  };
  assert.is(codes("en_instruction", "refuser"), "motivation");
  assert.is(codes("en_instruction", "accepter", { annotationsComplete: false }), "annotations");
  assert.is(codes("accepte", "accepter"), "state");
  assert.is(codes("en_instruction", "accepter", { by: "usager" }), "actor");
  assert.is(codes("en_instruction", "accepter", { by: "systeme" }), "actor");
  const auto = transition("en_construction", "passer_en_instruction", {
    by: "systeme",
    mode: "instruction",
  });
  assert.is(auto.ok ? null : auto.code, "automatic");
  assert.equal(
    (["state", "actor", "automatic", "motivation", "annotations"] as const).filter(fixable),
    ["motivation", "annotations"],
  );
});

lifecycle("a decision waits for the mandatory annotations privées", () => {
  const r = transition("en_instruction", "accepter", {
    ...instruction,
    annotationsComplete: false,
  });
  assert.not.ok(r.ok);
  assert.match((r as { reason: string }).reason, /annotations privées obligatoires/);
});

lifecycle("the platform moves a dossier only in the declarative mode that says so", () => {
  const systeme = (mode: "instruction" | "declarative_en_instruction" | "declarative_accepte") => ({
    by: "systeme" as const,
    mode,
  });
  assert.not.ok(transition("en_construction", "passer_en_instruction", systeme("instruction")).ok);
  assert.ok(
    transition("en_construction", "passer_en_instruction", systeme("declarative_en_instruction"))
      .ok,
  );
  assert.not.ok(
    transition("en_construction", "accepter_automatiquement", systeme("declarative_en_instruction"))
      .ok,
  );
  assert.ok(
    transition("en_construction", "accepter_automatiquement", systeme("declarative_accepte")).ok,
  );
  assert.is(automaticAfterDeposit("instruction"), null);
  assert.is(automaticAfterDeposit("declarative_accepte"), "accepter_automatiquement");
});

lifecycle("an implicit decision applies its own rule, en construction or en instruction", () => {
  const sva = { by: "systeme" as const, mode: "instruction" as const, implicit: "sva" as const };
  const svr = { ...sva, implicit: "svr" as const };
  for (const state of ["en_construction", "en_instruction"] as const) {
    assert.equal(transition(state, "accepter_automatiquement", sva), { ok: true, to: "accepte" });
    assert.equal(transition(state, "refuser_automatiquement", svr), { ok: true, to: "refuse" });
    assert.not.ok(transition(state, "accepter_automatiquement", svr).ok);
    assert.not.ok(transition(state, "refuser_automatiquement", sva).ok);
  }
  // Without its rule the platform never refuses, and never accepts an instruction dossier.
  assert.not.ok(
    transition("en_instruction", "refuser_automatiquement", { by: "systeme", mode: "instruction" })
      .ok,
  );
  assert.not.ok(
    transition("en_instruction", "accepter_automatiquement", {
      by: "systeme",
      mode: "declarative_accepte",
    }).ok,
  );
  // A declarative démarche decides by itself: no implicit decision there.
  assert.not.ok(
    transition("en_construction", "accepter_automatiquement", {
      ...sva,
      mode: "declarative_accepte",
    })
      .ok,
  );
  assert.not.ok(transition("accepte", "refuser_automatiquement", svr).ok);
  assert.not.ok(
    transition("en_instruction", "refuser_automatiquement", { ...svr, by: "instructeur" }).ok,
  );
});

lifecycle("an usager cannot decide, and a decided dossier says why an action is refused", () => {
  assert.not.ok(transition("en_instruction", "accepter", { by: "usager", mode: "instruction" }).ok);
  const r = transition("accepte", "deposer", { by: "usager", mode: "instruction" });
  assert.equal(r, {
    ok: false,
    code: "state",
    reason: "Ce dossier est accepté : cette action n’est plus possible.",
  });
});

lifecycle("the guide's rules on edition, visibility and messagerie", () => {
  assert.equal(DOSSIER_STATES.filter(usagerCanEdit), ["brouillon", "en_construction"]);
  assert.not.ok(visibleToInstructeurs("brouillon"));
  assert.ok(visibleToInstructeurs("en_construction"));
  assert.equal(DOSSIER_STATES.filter(messagerieOpen), ["en_construction", "en_instruction"]);
});

lifecycle.run();
