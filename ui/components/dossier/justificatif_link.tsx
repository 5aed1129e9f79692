/**
 * A file that comes with a decision — « Justificatif : <file> », « Attestation : <file> » —
 * downloaded through `/files/<id>`.
 */
export function JustificatifLink(
  props: { file: { id: string; filename: string }; label?: string },
) {
  return (
    <>
      <strong>{props.label ?? "Justificatif"} :</strong>{" "}
      <a href={`/files/${encodeURIComponent(props.file.id)}`} download={props.file.filename}>
        {props.file.filename}
      </a>
    </>
  );
}
