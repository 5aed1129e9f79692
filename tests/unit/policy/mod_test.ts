import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { type Action, type Actor, authorize, can } from "../../../core/policy/mod.ts";
import { AppError } from "../../../core/errors.ts";

const actor = (userId: number, ...roles: Actor["roles"]): Actor => ({
  userId,
  email: `u${userId}@exemple.fr`,
  roles: ["usager", ...roles],
  sessionId: `s${userId}`,
});

const usager = actor(1);
const admin = actor(2, "administrateur");
const superAdmin = { ...actor(3, "administrateur", "super_admin"), secondFactor: true };
const superAdminWithoutCode = actor(3, "administrateur", "super_admin");

const policy = suite("can");

policy("anonymous may do nothing, not even read an account", () => {
  for (
    const action of [
      "compte.lire",
      "compte.modifier",
      "espace_admin.acceder",
      "demandes_admin.examiner",
      "taches.consulter",
      "plugins.consulter",
    ] as Action[]
  ) {
    assert.not.ok(can(null, action, { ownerId: 1 }), action);
  }
});

policy("any signed-in person may read their account", () => {
  assert.ok(can(usager, "compte.lire"));
});

policy("an account may be modified only by its owner", () => {
  assert.ok(can(usager, "compte.modifier", { ownerId: 1 }));
  assert.not.ok(can(usager, "compte.modifier", { ownerId: 2 }));
  assert.not.ok(can(usager, "compte.modifier"));
  assert.not.ok(can(superAdmin, "compte.modifier", { ownerId: 1 }));
});

policy("the administrator space needs the administrateur role", () => {
  assert.not.ok(can(usager, "espace_admin.acceder"));
  assert.ok(can(admin, "espace_admin.acceder"));
});

policy("instance operations are for the super-admin only", () => {
  for (const action of ["demandes_admin.examiner", "taches.consulter", "plugins.consulter"]) {
    assert.not.ok(can(usager, action as Action), action);
    assert.not.ok(can(admin, action as Action), action);
    assert.ok(can(superAdmin, action as Action), action);
  }
});

policy("a super-admin without the second factor may not run the instance yet", () => {
  for (
    const action of [
      "demandes_admin.examiner",
      "taches.consulter",
      "plugins.consulter",
      "demarche.marquer_modele",
    ] as Action[]
  ) {
    assert.not.ok(can(superAdminWithoutCode, action), action);
  }
  assert.ok(can(superAdminWithoutCode, "double_authentification.activer"));
  assert.ok(can(superAdminWithoutCode, "espace_admin.acceder"), "still an administrateur");
});

policy("the second factor is offered to the roles that reach others' data", () => {
  assert.not.ok(can(usager, "double_authentification.activer"));
  assert.not.ok(can(actor(5, "expert"), "double_authentification.activer"));
  for (const role of ["administrateur", "instructeur", "super_admin"] as const) {
    assert.ok(can(actor(6, role), "double_authentification.activer"), role);
  }
});

policy("one manages only one's own sessions", () => {
  assert.ok(can(usager, "sessions.gerer", { ownerId: 1 }));
  assert.not.ok(can(usager, "sessions.gerer", { ownerId: 2 }));
  assert.not.ok(can(superAdmin, "sessions.gerer", { ownerId: 1 }));
});

policy("an action missing from the rules is denied, even to the super-admin", () => {
  assert.not.ok(can(superAdmin, "demarche.supprimer" as Action));
  assert.not.ok(can(superAdmin, "toString" as Action));
  assert.not.ok(can(superAdmin, "__proto__" as Action));
});

const authz = suite("authorize");

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected authorize() to throw");
}

authz("asks anonymous to sign in (UNAUTHORIZED, French)", () => {
  const error = thrown(() => authorize(null, "compte.lire"));
  assert.is(error.code, "UNAUTHORIZED");
  assert.is(error.message, "Connectez-vous pour continuer.");
});

authz("refuses a signed-in person without the right (FORBIDDEN, French)", () => {
  const error = thrown(() => authorize(admin, "taches.consulter"));
  assert.is(error.code, "FORBIDDEN");
  assert.match(error.message, /Vous n’avez pas accès/);
});

authz("tells a super-admin without the second factor to turn it on (FORBIDDEN)", () => {
  const error = thrown(() => authorize(superAdminWithoutCode, "demandes_admin.examiner"));
  assert.is(error.code, "FORBIDDEN");
  assert.match(error.message, /Activez la double authentification dans « Mon compte »/);
});

authz("returns the actor when allowed", () => {
  assert.is(authorize(superAdmin, "plugins.consulter"), superAdmin);
  assert.is(authorize(usager, "compte.modifier", { ownerId: 1 }), usager);
});

policy("an instructeur sets only their own notifications, of a démarche they instruct", () => {
  const instructeur = actor(4, "instructeur");
  assert.ok(can(instructeur, "notifications.regler", { ownerId: 4, readerIds: [4, 5] }));
  assert.not.ok(can(instructeur, "notifications.regler", { ownerId: 5, readerIds: [4, 5] }));
  assert.not.ok(can(instructeur, "notifications.regler", { ownerId: 4, readerIds: [5] }));
  assert.not.ok(can(usager, "notifications.regler", { ownerId: 1, readerIds: [1] }));
});

policy.run();
authz.run();
