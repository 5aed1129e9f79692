// The usagers' e-mail templates are now core/notifications/templates.ts; this re-export keeps
// the importers outside core/demarches/ working until they import it from there.
export * from "../notifications/templates.ts";
