/**
 * Attestation PDF (seed step 5, « l’attestation si besoin »): when a dossier is accepted, the
 * usager receives a one-page PDF written from the démarche's template — title, text with tags
 * (`--numéro du dossier--`, `--Nom du bateau--`…), place and signatory — that they download
 * from their dossier. Switched on per démarche; the template is this plugin's settings. The
 * page carries the service's logo and address, the holder, a reference, and a QR code with a
 * short code that lead to the public page confirming the attestation (`/attestations/<code>`).
 */
import * as v from "valibot";
import {
  A4,
  type AttestationInput,
  definePlugin,
  drawQr,
  embedImage,
  PdfFlow,
} from "../../core/plugin_sdk/mod.ts";

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
  titulaire: v.optional(
    v.pipe(
      v.string("Le titulaire doit être un texte."),
      v.trim(),
      v.maxLength(300, "Le titulaire ne doit pas dépasser 300 caractères."),
      v.title("Titulaire"),
      v.description(
        "Le nom du titulaire, avec des balises, par exemple « --Prénom-- --Nom-- » ; sinon " +
          "l’adresse e-mail de l’usager. La page de vérification le montre en partie masqué.",
      ),
    ),
    "",
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
/** Side of the QR code, in points (about 3 cm). */
const QR = 84;

async function write(
  { settings, tags, issuer, verification }: AttestationInput<Settings>,
): Promise<{ bytes: Uint8Array; holder: string }> {
  const fill = (text: string) => text.replace(TAG, (t) => tags[t] ?? t);
  const pdf = await PdfFlow.create(fill(settings.titre), MARGIN);
  const service = issuer
    ? [issuer.service, issuer.organisme].filter(Boolean).join(", ")
    : tags["--service--"] ?? "";
  const logo = issuer?.logo ? await embedImage(pdf.doc, issuer.logo.bytes, issuer.logo.mime) : null;
  if (logo) {
    const scale = Math.min(150 / logo.width, 60 / logo.height, 1);
    pdf.skip(logo.height * scale);
    pdf.page.drawImage(logo, {
      x: MARGIN,
      y: pdf.y,
      width: logo.width * scale,
      height: logo.height * scale,
    });
    pdf.skip(10);
  }
  if (service) pdf.text(service, { bold: true, size: 11 });
  if (issuer?.adresse) pdf.text(issuer.adresse, { size: 9.5, muted: true });
  pdf.skip(service || issuer?.adresse ? 24 : 0);
  if (verification) pdf.text(`Référence : ${verification.reference}`, { size: 9.5, gap: 14 });
  pdf.text(fill(settings.titre), { bold: true, size: 20, gap: 16 });
  const holder = fill(settings.titulaire) || (tags["--e-mail de l’usager--"] ?? "");
  if (holder) pdf.text(`Titulaire : ${holder}`, { size: 11.5, gap: 14 });
  pdf.text(fill(settings.texte), { size: 11.5, gap: 28 });
  pdf.text(`Fait le ${tags["--date de décision--"] ?? ""}`, { size: 11.5, gap: 8 });
  pdf.text(settings.signataire || service, { bold: true, size: 11.5 });
  if (verification) {
    // The QR code and its words, together at the foot of the last page.
    pdf.skip(24);
    pdf.keep(QR + 12);
    const top = pdf.y;
    drawQr(pdf.page, verification.url, MARGIN, top - QR, QR);
    const indent = QR + 16;
    const width = A4.width - 2 * MARGIN - indent;
    pdf.text("Vérifier cette attestation", { bold: true, size: 10, indent, width, gap: 2 });
    pdf.text(
      `Scannez le code QR, ou ouvrez ${verification.url.replace(/\/[^/]*$/, "")} et saisissez ` +
        "le code :",
      { size: 9.5, indent, width, gap: 2 },
    );
    pdf.text(verification.code, { bold: true, size: 12, indent, width });
    pdf.skip(Math.max(0, pdf.y - (top - QR)));
  }
  const bytes = await pdf.save(`Dossier n° ${tags["--numéro du dossier--"] ?? ""}`);
  return { bytes, holder };
}

export default definePlugin({
  id: "attestation_pdf",
  version: "1.1.0",
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
      templates: (settings) => [
        { label: "Titre de l’attestation", text: settings.titre },
        { label: "Texte de l’attestation", text: settings.texte },
        { label: "Titulaire", text: settings.titulaire },
      ],
      async generate(input) {
        const { bytes, holder } = await write(input);
        return {
          bytes,
          holder,
          mime: "application/pdf",
          filename: `attestation-${input.tags["--numéro du dossier--"] ?? "dossier"}.pdf`,
        };
      },
    });
  },
});
