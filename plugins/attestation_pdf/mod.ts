/**
 * Attestation PDF (seed step 5, « l’attestation si besoin »): when a dossier is accepted, the
 * usager receives a one-page PDF written from the démarche's template — title, text with tags
 * (`--numéro du dossier--`, `--Nom du bateau--`…), place and signatory — that they download
 * from their dossier. Switched on per démarche; the template is this plugin's settings.
 */
import * as v from "valibot";
import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import { A4, definePlugin, drawable, wrap } from "../../core/plugin_sdk/mod.ts";

const DEFAULT_TEXT =
  "Nous attestons que le dossier n° --numéro du dossier--, déposé le --date de dépôt-- par " +
  "--e-mail de l’usager-- pour la démarche « --libellé démarche-- », a été accepté le " +
  "--date de décision--.";

export const attestationSettings = v.object({
  titre: v.optional(
    v.pipe(
      v.string("Le titre doit être un texte."),
      v.trim(),
      v.nonEmpty("Indiquez le titre de l’attestation."),
      v.maxLength(120, "Le titre ne doit pas dépasser 120 caractères."),
      v.title("Titre de l’attestation"),
    ),
    "Attestation",
  ),
  texte: v.optional(
    v.pipe(
      v.string("Le texte doit être un texte."),
      v.trim(),
      v.nonEmpty("Écrivez le texte de l’attestation."),
      v.maxLength(5000, "Le texte ne doit pas dépasser 5 000 caractères."),
      v.title("Texte de l’attestation"),
      v.description(
        "Avec des balises : --numéro du dossier--, --libellé démarche--, --date de dépôt--, " +
          "--date de décision--, --e-mail de l’usager--, --motivation--, ou le libellé d’un " +
          "champ entre deux tirets doubles, par exemple --Nom du bateau--.",
      ),
    ),
    DEFAULT_TEXT,
  ),
  signataire: v.optional(
    v.pipe(
      v.string("Le signataire doit être un texte."),
      v.trim(),
      v.maxLength(200, "Le signataire ne doit pas dépasser 200 caractères."),
      v.title("Signataire"),
      v.description("Par exemple « Le maire, Jean Dupont » ; sinon le nom du service."),
    ),
    "",
  ),
});

type Settings = v.InferOutput<typeof attestationSettings>;

const TAG = /--[^\s-](?:[^\n]*?[^\s-])?--/g;
const MARGIN = 64;

export default definePlugin({
  id: "attestation_pdf",
  version: "1.0.0",
  label: "Attestation PDF",
  description:
    "À l’acceptation d’un dossier, l’usager reçoit une attestation PDF rédigée à partir d’un modèle avec balises.",
  host: "^1.0.0",
  enabledByDefault: false,
  settings: attestationSettings,
  register(api) {
    api.attestationGenerator<Settings>({
      id: "pdf",
      label: "Attestation PDF",
      settings: attestationSettings,
      async generate({ settings, tags }) {
        const fill = (text: string) => text.replace(TAG, (t) => tags[t] ?? t);
        const pdf = await PDFDocument.create();
        pdf.setTitle(fill(settings.titre));
        pdf.setLanguage("fr-FR");
        pdf.setProducer("Guichet");
        const regular = await pdf.embedFont(StandardFonts.Helvetica);
        const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
        const page = pdf.addPage([A4.width, A4.height]);
        const width = A4.width - 2 * MARGIN;
        let y = A4.height - MARGIN;
        const write = (text: string, font: PDFFont, size: number, gap: number) => {
          for (const line of wrap(font, drawable(font, text), size, width)) {
            y -= size * 1.45;
            page.drawText(line, { x: MARGIN, y, size, font, color: rgb(0.1, 0.1, 0.12) });
          }
          y -= gap;
        };
        const service = tags["--service--"] ?? "";
        if (service) write(service, bold, 11, 28);
        write(fill(settings.titre), bold, 20, 24);
        write(fill(settings.texte), regular, 11.5, 28);
        write(`Fait le ${tags["--date de décision--"] ?? ""}`, regular, 11.5, 8);
        write(settings.signataire || service, bold, 11.5, 0);
        page.drawText(drawable(regular, `Dossier n° ${tags["--numéro du dossier--"] ?? ""}`), {
          x: MARGIN,
          y: MARGIN / 2,
          size: 8,
          font: regular,
          color: rgb(0.4, 0.4, 0.45),
        });
        return {
          bytes: await pdf.save(),
          mime: "application/pdf",
          filename: `attestation-${tags["--numéro du dossier--"] ?? "dossier"}.pdf`,
        };
      },
    });
  },
});
