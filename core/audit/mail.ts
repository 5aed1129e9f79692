/** The e-mail that tells the super-admins the audit chain is broken. */
import type { OutgoingMessage } from "../plugin_sdk/types.ts";

export function brokenChainMail(
  to: string,
  facts: { problem: string; firstBadId: number | null; link: string },
): OutgoingMessage {
  const first = facts.firstBadId === null
    ? ""
    : ` (premier événement en cause : n°${facts.firstBadId})`;
  return {
    to,
    subject: "Journal d’audit : la chaîne d’empreintes est rompue",
    text:
      `Bonjour,\n\nLa vérification quotidienne du journal d’audit de Guichet a trouvé une rupture${first} : ${facts.problem}.\n\nUn événement du journal a été modifié ou supprimé directement dans la base de données, hors de Guichet. Vérifiez qui a accès au serveur et à ses sauvegardes, comparez avec la dernière sauvegarde saine, et consultez le journal :\n\n${facts.link}`,
  };
}
