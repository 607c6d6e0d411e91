// One error type for everything a caller did wrong or asked for that cannot be done.
// Route handlers map it to a response with lib/server/http.ts; anything else is an unexpected 500.
import "server-only";

export type AppErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "validation_failed"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unprocessable"
  | "unavailable";

const STATUS_BY_CODE: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  validation_failed: 422,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  unavailable: 503,
};

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Where the problem is: field, line, column, … — sent to the client beside the message. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS_BY_CODE[code];
  }
}

export const notFound = (what: string, id: string) => new AppError("not_found", `${what} ${id} does not exist.`, { id });
