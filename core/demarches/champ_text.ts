// A champ's value as text is now core/plugin_host/champ_text.ts; this re-export keeps the
// importers outside core/demarches/ working until they import it from there.
export { champText } from "../plugin_host/champ_text.ts";
