/**
 * « Télécharger le dossier »: the récapitulatif PDF, or a ZIP of it with every file the
 * reader may see. The server decides what goes in from who asks (usager or instructeur).
 */
export function DossierDownload(props: { readonly id: number }) {
  return (
    <ul class="dossier-download" aria-label="Télécharger le dossier">
      <li>
        <a href={`/dossiers/${props.id}/pdf`} download={`dossier-${props.id}.pdf`}>
          Télécharger le dossier (PDF)
        </a>
      </li>
      <li>
        <a href={`/dossiers/${props.id}/zip`} download={`dossier-${props.id}.zip`}>
          Télécharger le dossier et ses pièces jointes (ZIP)
        </a>
      </li>
    </ul>
  );
}
