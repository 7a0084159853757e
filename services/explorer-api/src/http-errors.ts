import { HttpError } from "@panoptes/platform";

/** Errors the read API answers with a status and `{success: false, msg, error: {code, message}}` (HttpError). */
/** 400: a query parameter or path id is malformed; the message names the parameter. */
export class BadParameterError extends HttpError {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(400, "invalid-parameter", `${parameter}: ${message}`);
  }
}

/** 404: no document with that id. */
export class NotFoundError extends HttpError {
  constructor(what: string, id: string) {
    super(404, "not-found", `no ${what} ${JSON.stringify(id)}`);
  }
}
