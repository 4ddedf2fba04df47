/**
 * What can go wrong when talking to GWS, in GWS's terms. The GraphQL layer maps each kind to an
 * error code; nothing here knows about GraphQL.
 */
export type GwsErrorKind =
  /** The request was refused before anything was sent upstream. */
  | 'invalid_input'
  /** No credentials, or GWS did not accept them (HTTP 401, statusCode 20). */
  | 'unauthenticated'
  /** GWS refused the request for this identity (HTTP 403 that is not a stale CSRF token). */
  | 'forbidden'
  /** GWS does not know the resource, or it is not this agent's (HTTP 404, statusCode 6). */
  | 'not_found'
  /** GWS answered with a non-zero statusCode. */
  | 'rejected'
  /** GWS is down, timed out, or answered something that is not a GWS response. */
  | 'unavailable'
  /** Refused before anything was sent upstream: too many sign-ins to try now. */
  | 'throttled'
  /** The caller went away (a closed client request or socket): the call was abandoned. */
  | 'cancelled';

export class GwsError extends Error {
  override readonly name = 'GwsError';

  constructor(
    readonly kind: GwsErrorKind,
    message: string,
    /** GWS's statusCode, where GWS sent one. */
    readonly gwsStatusCode?: number,
    /** When the request may be tried again (`throttled`), in milliseconds from now. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The error of a call abandoned because its caller went away. */
export function cancelledError(): GwsError {
  return new GwsError('cancelled', 'The request was cancelled: its caller went away.');
}
