import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { GwsError, type GwsErrorKind } from '../gws/index.js';

/** The `extensions.code` values of the contract. */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  UpstreamRejected: 'UPSTREAM_REJECTED',
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
  /** Past a limit of the operation's shape, or of the GWS requests it needs. */
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  /** The response would pass MAX_RESPONSE_BYTES. */
  ResponseTooLarge: 'RESPONSE_TOO_LARGE',
  /** Too many requests for this agent, or sign-ins for this user name; `retryAfter` says when. */
  RateLimited: 'RATE_LIMITED',
  /** A subscriber fell too far behind its events and was ended (Server-Sent Events). */
  SubscriberTooSlow: 'SUBSCRIBER_TOO_SLOW',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The extension naming the limit a refused operation passed. Apollo Server recodes validation
 * errors as GRAPHQL_VALIDATION_FAILED; this tells the limit rules' errors apart.
 */
export const LIMIT_EXTENSION = 'limit';

const CONTRACT_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** GraphQL's and Apollo's codes for a request that cannot run as sent: the client's input is wrong. */
const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const CODE_OF_KIND: Record<GwsErrorKind, ErrorCode> = {
  invalid_input: ErrorCode.BadUserInput,
  unauthenticated: ErrorCode.Unauthenticated,
  forbidden: ErrorCode.Forbidden,
  not_found: ErrorCode.NotFound,
  rejected: ErrorCode.UpstreamRejected,
  unavailable: ErrorCode.UpstreamUnavailable,
  throttled: ErrorCode.RateLimited,
  // The client that asked has gone: nobody reads this answer.
  cancelled: ErrorCode.UpstreamUnavailable,
};

/** The `extensions.reason` of the BAD_USER_INPUT error that refuses a document not trusted. */
export const NOT_TRUSTED_REASON = 'PERSISTED_QUERY_NOT_ALLOWED';

/** The `extensions.reason` of a sign-in refused because its user name used up its attempts. */
export const SIGN_IN_THROTTLED_REASON = 'SIGN_IN_THROTTLED';

/**
 * The name under which a formatted error counts as a refusal by one of the gateway's limits
 * (bounded: one of five), or undefined.
 */
export function refusalReason(error: GraphQLFormattedError | undefined): string | undefined {
  const { code, reason } = error?.extensions ?? {};
  switch (code) {
    case ErrorCode.QueryTooComplex:
      return 'too_complex';
    case ErrorCode.ResponseTooLarge:
      return 'response_too_large';
    case ErrorCode.BadUserInput:
      return reason === NOT_TRUSTED_REASON ? 'untrusted_document' : undefined;
    case ErrorCode.RateLimited:
      // Without a reason: RATE_LIMIT_PER_MINUTE's refusal; a full agent is no limit of a request.
      if (reason === undefined) return 'rate_limited';
      return reason === SIGN_IN_THROTTLED_REASON ? 'sign_in_throttled' : undefined;
    default:
      return undefined;
  }
}

/** graphql-js's refusal of a document past the token limit (its wording, typo included). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** GraphQL's "Did you mean …?" hint, which tells a stranger the schema's names. */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

export interface ErrorFormatting {
  /** Drop field and type suggestions from messages. */
  hideSuggestions: boolean;
}

/** Where subscriptions are served: said to a client that sent one as a query over HTTP. */
export const SUBSCRIPTION_TRANSPORTS =
  'Subscriptions are served at this URL over WebSocket (graphql-transport-ws or graphql-ws) and ' +
  'over HTTP with Accept: multipart/mixed;subscriptionSpec="1.0", and over Server-Sent Events at ' +
  '/graphql/stream.';

/** Input the gateway refuses before anything goes upstream. */
export function badUserInput(message: string, argumentName?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BadUserInput, ...(argumentName ? { argumentName } : {}) },
  });
}

/**
 * A request refused as a whole before it runs, answered with HTTP 400: Apollo Server answers an
 * error thrown from a request hook with the status in `extensions.http`, else with 500.
 */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BadUserInput, http: { status: 400 } },
  });
}

/**
 * Whether Apollo Server refused the request itself with a client-error status and no code (a
 * persisted query whose hash does not match, an unsupported persisted-query version).
 */
function isRefusedRequest(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Gives every error a contract code. GWS errors carry their kind's code (and GWS's statusCode); a
 * request GraphQL cannot run is BAD_USER_INPUT, with GraphQL's own code as `reason`; anything else
 * is an internal error whose details stay in the log.
 */
export function formatError(
  raw: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
  { hideSuggestions }: ErrorFormatting,
): GraphQLFormattedError {
  const formatted = hideSuggestions
    ? { ...raw, message: raw.message.replace(SUGGESTION, '') }
    : raw;
  const original = unwrapResolverError(error);
  if (original instanceof GwsError) {
    const { gwsStatusCode, retryAfterMs } = original;
    return {
      ...formatted,
      message: original.message,
      extensions: {
        code: CODE_OF_KIND[original.kind],
        ...(original.kind === 'throttled' ? { reason: SIGN_IN_THROTTLED_REASON } : {}),
        ...(gwsStatusCode === undefined ? {} : { gwsStatusCode }),
        ...(retryAfterMs === undefined ? {} : { retryAfter: retryAfterSeconds(retryAfterMs) }),
      },
    };
  }
  const limit = formatted.extensions?.[LIMIT_EXTENSION];
  if (typeof limit === 'string') {
    const { max } = formatted.extensions ?? {};
    return { ...formatted, extensions: { code: ErrorCode.QueryTooComplex, limit, max } };
  }
  const tokenLimit = TOKEN_LIMIT.exec(formatted.message);
  if (tokenLimit) {
    const max = Number(tokenLimit[1]);
    return { ...formatted, extensions: { code: ErrorCode.QueryTooComplex, limit: 'tokens', max } };
  }
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    CONTRACT_CODES.has(code) &&
    code !== ErrorCode.InternalServerError
  ) {
    return formatted;
  }
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return { ...formatted, extensions: { code: ErrorCode.BadUserInput, reason: code } };
  }
  if (isRefusedRequest(original)) {
    return { ...formatted, extensions: { code: ErrorCode.BadUserInput, reason: 'BAD_REQUEST' } };
  }
  logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.InternalServerError },
  };
}

/** A wait in whole seconds, never 0, as HTTP's Retry-After counts it. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
