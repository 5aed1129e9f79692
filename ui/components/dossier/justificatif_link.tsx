/** A decision's justificatif: « Justificatif : <file> », downloaded through `/files/<id>`. */
export function JustificatifLink(props: { file: { id: string; filename: string } }) {
  return (
    <>
      <strong>Justificatif :</strong>{" "}
      <a href={`/files/${encodeURIComponent(props.file.id)}`} download={props.file.filename}>
        {props.file.filename}
      </a>
    </>
  );
}
