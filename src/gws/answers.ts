import { GwsError } from './errors.js';
import type { UpstreamResponse } from './transport.js';
import type { WireEnvelope } from './wire.js';

/**
 * How GWS answers, read once for every request: the statusCode envelope (ReturnValues), GWS's
 * own error styles, and the older or undocumented answers it may give instead.
 */

/** Partial success, e.g. some channels of a StartContactCenterSession (ReturnValues 8.5.1): data. */
export const PARTIAL_SUCCESS = 7;
/** Not authenticated: send credentials. */
const NOT_AUTHENTICATED = 20;
const NOT_FOUND = 6;
/**
 * The statusCodes with which GWS may refuse an operationName it does not take, the name being a
 * parameter: 1 missing, 2 not valid for the state, 10 invalid. A refused request changed nothing
 * (ReturnValues), so the operation's other spelling may be sent after it.
 */
const NAME_REFUSALS: ReadonlySet<number> = new Set([1, 2, 10]);

/**
 * The envelope of a GWS answer that says the request was done (statusCode 0, or 7 in part).
 * @param rejectCredential called when GWS refused the credential (HTTP 401, statusCode 20).
 * @throws GwsError of the kind the answer tells.
 */
export function readAnswer<T extends WireEnvelope>(
  response: UpstreamResponse,
  rejectCredential: () => never,
): T {
  const { status, body } = response;
  if (status === 401) return rejectCredential();
  if (status === 403) throw new GwsError('forbidden', 'GWS refused the request (HTTP 403).');
  if (status >= 300 && status < 400) {
    throw new GwsError('unavailable', `GWS answered with a redirect (HTTP ${status}).`);
  }
  const envelope = parseEnvelope(body);
  if (!envelope) {
    throw new GwsError('unavailable', `GWS answered HTTP ${status} without a GWS response body.`);
  }
  const { statusCode, statusMessage } = envelope;
  if (statusCode === PARTIAL_SUCCESS && status < 400) return envelope as T;
  if (statusCode === NOT_AUTHENTICATED) return rejectCredential();
  if (statusCode === NOT_FOUND) {
    throw new GwsError('not_found', statusMessage ?? 'GWS does not know the resource.', NOT_FOUND);
  }
  if (statusCode !== 0) {
    throw new GwsError(
      'rejected',
      statusMessage ?? `GWS rejected the request with statusCode ${statusCode}.`,
      statusCode,
    );
  }
  if (status >= 400) {
    throw new GwsError('unavailable', `GWS answered HTTP ${status} with statusCode 0.`);
  }
  return envelope as T;
}

/** A GWS refusal of what may be an operation's name (see {@link NAME_REFUSALS}). */
export function isNameRefusal(error: unknown): error is GwsError {
  return (
    error instanceof GwsError &&
    error.kind === 'rejected' &&
    error.gwsStatusCode !== undefined &&
    NAME_REFUSALS.has(error.gwsStatusCode)
  );
}

/** A 404 or 405 that is no GWS answer: the path is not served at all (a servlet's own page). */
export function isUnservedPath(response: UpstreamResponse): boolean {
  return (response.status === 404 || response.status === 405) && !parseEnvelope(response.body);
}

function parseEnvelope(body: string): WireEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { statusCode } = parsed as { statusCode?: unknown };
  return typeof statusCode === 'number' ? (parsed as WireEnvelope) : undefined;
}

/**
 * The 8.5.1 SettingAgentStateChannel page answers `{"status":"ok"}` where later pages send the
 * statusCode envelope: that answer is read as statusCode 0.
 */
export function withLegacySuccess(response: UpstreamResponse): UpstreamResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return response;
  }
  const legacy =
    typeof parsed === 'object' &&
    parsed !== null &&
    (parsed as { status?: unknown }).status === 'ok' &&
    (parsed as { statusCode?: unknown }).statusCode === undefined;
  return legacy ? { ...response, body: JSON.stringify({ statusCode: 0 }) } : response;
}

/** A list GWS answered with; absent means empty. */
export function listOf<T>(list: T[] | null | undefined, what: string): T[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw malformed(`the ${what} list is not an array`);
  return list;
}

export function malformed(what: string): GwsError {
  return new GwsError('unavailable', `GWS answered something unexpected: ${what}.`);
}
