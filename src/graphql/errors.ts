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
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

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
  // The client that asked has gone: nobody reads this answer.
  cancelled: ErrorCode.UpstreamUnavailable,
};

export const SUBSCRIPTIONS_NEED_WEBSOCKET =
  'Subscriptions are served over WebSocket (graphql-transport-ws) at this URL.';

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
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GwsError) {
    return {
      ...formatted,
      message: original.message,
      extensions: {
        code: CODE_OF_KIND[original.kind],
        ...(original.gwsStatusCode === undefined ? {} : { gwsStatusCode: original.gwsStatusCode }),
      },
    };
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
