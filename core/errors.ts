/**
 * The error a service throws when a person did something the rules refuse. Its message is
 * French and shown as is; the API maps `code` to an HTTP status. Anything else thrown is a
 * bug and is reported as an internal error without its details.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS";

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field-level messages, keyed by input field name. */
  readonly fields?: Readonly<Record<string, string>>;
  /**
   * Why, for code rather than people (`"motivation"`, `"veto"`…): a caller that must tell
   * refusals apart reads this, never the French message.
   */
  readonly reason?: string;

  constructor(
    code: AppErrorCode,
    message: string,
    fields?: Record<string, string>,
    reason?: string,
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
    this.reason = reason;
  }
}
