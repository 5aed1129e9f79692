/**
 * Antivirus ClamAV: every uploaded file is sent to `clamd` (Debian's `clamav-daemon`) with
 * its INSTREAM command, over the socket named by `CLAMD_SOCKET` (a Unix socket path such as
 * `/run/clamav/clamd.ctl`, or `host:port`). Without `CLAMD_SOCKET` it stays inactive and files
 * are taken as sound, as before. The core keeps each file « en cours de vérification » until
 * clamd has answered; a file clamd cannot be reached for waits and is tried again later.
 */
import { definePlugin, ScanRefusal } from "../../core/plugin_sdk/mod.ts";
import { instream } from "./clamd.ts";

/** What the usager reads when a file is larger than clamd's `StreamMaxLength`. */
export const TOO_LARGE =
  "Il dépasse la taille que l’antivirus du site peut vérifier : réduisez-le ou compressez-le (ou découpez-le en plusieurs fichiers), puis joignez-le à nouveau.";

export default definePlugin({
  id: "antivirus_clamav",
  version: "1.0.0",
  label: "Antivirus ClamAV",
  description:
    "Vérifie chaque fichier envoyé avec l’antivirus ClamAV (clamd, réglé par CLAMD_SOCKET) : un fichier infecté est refusé et supprimé.",
  host: "^1.0.0",
  register(api) {
    api.fileScanner({
      id: "clamav",
      label: "ClamAV",
      active: (config) => !!config.CLAMD_SOCKET,
      async scan(body, ctx) {
        const answer = await instream(ctx.config.CLAMD_SOCKET!, body);
        switch (answer.kind) {
          case "ok":
            return { verdict: "sain" };
          case "found":
            return { verdict: "infecte", signature: answer.signature };
          case "too_large":
            throw new ScanRefusal(TOO_LARGE);
          case "error":
            throw new Error(`clamd answered an error: ${answer.message}`);
        }
      },
    });
  },
});
