import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, SIGN_IN_THROTTLED_REASON } from '../graphql/index.js';

/** The `extensions.reason` of the RATE_LIMITED error of a streaming connection that found no place. */
export const TOO_MANY_STREAMS_REASON = 'TOO_MANY_STREAMS';

/**
 * How the gateway says no, whatever the transport: the error's code (and `reason`, where one code
 * covers several refusals), its message, the HTTP status of a request refused (an event stream
 * before it opens), the WebSocket close code of a connection refused or ended, and how long the
 * client should wait before it tries again.
 */
interface RefusalRule {
  readonly code: ErrorCode;
  readonly reason?: string;
  /** The client's message, also a WebSocket's close reason (graphql-ws clients show neither). */
  message(detail: never): string;
  /** Undefined where the refusal is told inside an open stream, which has its status already. */
  readonly httpStatus?: number;
  /**
   * Undefined where the refusal ends one operation of a WebSocket, answered with an `error`
   * message, and the connection stays open.
   */
  readonly closeCode?: number;
  /** Seconds to wait before trying again, where the rule fixes it rather than the occasion. */
  readonly retryAfter?: number;
  /** Where the refusal ends a subscription: how loud its log line is. */
  readonly logLevel?: 'info' | 'warn';
}

/** A wait in whole seconds, as HTTP's Retry-After counts it. */
interface Wait {
  retryAfter: number;
}

/**
 * The `WWW-Authenticate` challenge of every 401: HTTP requires one, and a scheme of the gateway's
 * own, not `Basic`, keeps browsers from prompting for a login over the app that asked.
 */
export const CREDENTIALS_CHALLENGE = 'GWS realm="gws-sms-gateway"';

/**
 * Every refusal of the gateway, and how each transport answers it. graphql-ws clients retry close
 * codes 1013 ("Try Again Later") and 1014 ("Bad Gateway") and give up on 4401 and 4403.
 */
const REFUSALS = {
  // A credential missing or refused: HTTP 401 on every HTTP transport, so a client signs in again.
  missing_credentials: {
    code: ErrorCode.Unauthenticated,
    message: () => 'Missing credentials',
    httpStatus: 401,
    closeCode: 4401,
  },
  credentials_rejected: {
    code: ErrorCode.Unauthenticated,
    message: () => 'GWS refused the credentials',
    httpStatus: 401,
    closeCode: 4403,
  },
  /** A query or mutation whose execution GWS answered without accepting the credentials. */
  unauthenticated_request: {
    code: ErrorCode.Unauthenticated,
    message: () => 'Credentials are required',
    httpStatus: 401,
  },
  upstream_unavailable: {
    code: ErrorCode.UpstreamUnavailable,
    message: () => 'GWS is unavailable',
    httpStatus: 503,
    closeCode: 1014,
  },
  /** Too many sign-ins with unknown credentials for the user name. */
  sign_in_throttled: {
    code: ErrorCode.RateLimited,
    reason: SIGN_IN_THROTTLED_REASON,
    message: ({ retryAfter }: Wait) =>
      `Too many sign-ins with unknown credentials for this user; try again in ${retryAfter} s.`,
    httpStatus: 429,
    closeCode: 1013,
  },
  // Admission of a request or an operation.
  /** Past RATE_LIMIT_PER_MINUTE. */
  rate_limited: {
    code: ErrorCode.RateLimited,
    message: ({ retryAfter }: Wait) => `Too many requests; try again in ${retryAfter} s.`,
    httpStatus: 429,
  },
  /** The agent holds MAX_STREAMS_PER_AGENT streaming connections; a place frees when one closes. */
  too_many_streams: {
    code: ErrorCode.RateLimited,
    reason: TOO_MANY_STREAMS_REASON,
    message: () => 'Too many connections for this agent; try again later.',
    httpStatus: 429,
    closeCode: 1013,
    retryAfter: 5,
  },
  /** Streaming connections of GWS_MAX_AGENT_SESSIONS agents are open. */
  too_many_agents: {
    code: ErrorCode.RateLimited,
    reason: TOO_MANY_STREAMS_REASON,
    message: () => 'Too many agents connected; try again later.',
    httpStatus: 429,
    closeCode: 1013,
    retryAfter: 5,
  },
  /** WS_MAX_SUBSCRIPTIONS_PER_CONNECTION operations run on the connection. */
  too_many_operations: {
    code: ErrorCode.BadUserInput,
    message: ({ max }: { max: number }) => `At most ${max} operations at once on one connection.`,
  },
  /** The client reused the id of an operation whose upstream work has not ended yet. */
  operation_still_ending: {
    code: ErrorCode.BadUserInput,
    message: ({ id }: { id: string }) => `Operation ${id} is still ending; use another id.`,
  },
  // Misuse of the legacy graphql-ws subprotocol, answered in its own vocabulary.
  /** A `start` before `connection_init`: an `error` message for the operation. */
  not_initialised: {
    code: ErrorCode.Unauthenticated,
    message: () => 'Send connection_init, with the credentials, before start.',
  },
  /** A second `connection_init`: a `connection_error`, then the close. */
  already_initialised: {
    code: ErrorCode.BadUserInput,
    message: () => 'Too many initialisation requests',
    closeCode: 4429,
  },
  /** A message that is not JSON, of an unknown type, or without what its type needs. */
  invalid_message: {
    code: ErrorCode.BadUserInput,
    message: ({ reason }: { reason: string }) => reason,
  },
  // A multipart subscription request that cannot be one, refused before anything goes upstream.
  malformed_request: {
    code: ErrorCode.BadUserInput,
    message: ({ reason }: { reason: string }) => reason,
    httpStatus: 400,
  },
  not_a_subscription: {
    code: ErrorCode.BadUserInput,
    message: () =>
      'Only subscriptions are answered as multipart/mixed;subscriptionSpec="1.0"; send queries ' +
      'and mutations with Accept: application/json.',
    httpStatus: 400,
  },
  // A subscription the gateway ended: a quiet end would leave the client believing it is up to
  // date. A client too slow or whose credentials GWS no longer takes is its own affair (info);
  // GWS failing is worth a warning.
  subscriber_too_slow: {
    code: ErrorCode.SubscriberTooSlow,
    message: () => 'Subscriber too slow',
    closeCode: 1013,
    logLevel: 'info',
  },
  subscription_forbidden: {
    code: ErrorCode.Forbidden,
    message: () => 'Forbidden',
    closeCode: 4403,
    logLevel: 'info',
  },
  subscription_upstream_unavailable: {
    code: ErrorCode.UpstreamUnavailable,
    message: () => 'GWS is unavailable',
    closeCode: 1014,
    logLevel: 'warn',
  },
  /** The gateway is draining: the client reconnects, to another replica. */
  shutting_down: {
    code: ErrorCode.UpstreamUnavailable,
    message: () => 'Server shutting down',
    httpStatus: 503,
    closeCode: 1001,
  },
} as const satisfies Record<string, RefusalRule>;

export type RefusalKind = keyof typeof REFUSALS;

/** What a refusal's message is made of: nothing, or its wait, limit or operation id. */
type Detail<K extends RefusalKind> = Parameters<(typeof REFUSALS)[K]['message']>;

/** One refusal as the client is told it. */
export interface Refusal {
  readonly kind: RefusalKind;
  readonly message: string;
  readonly httpStatus: number | undefined;
  readonly closeCode: number | undefined;
  readonly retryAfter: number | undefined;
  readonly logLevel: 'info' | 'warn' | undefined;
  /** The error that carries it: `extensions.code`, `reason` and `retryAfter`. */
  readonly error: GraphQLError;
}

/** The refusal of `kind`, with the detail its message names. */
export function refusal<K extends RefusalKind>(kind: K, ...detail: Detail<K>): Refusal {
  const format = REFUSALS[kind].message as (...args: Detail<K>) => string;
  const message = format(...detail);
  const rule: RefusalRule = REFUSALS[kind];
  const retryAfter = rule.retryAfter ?? (detail[0] as Partial<Wait> | undefined)?.retryAfter;
  const extensions = {
    code: rule.code,
    ...(rule.reason === undefined ? {} : { reason: rule.reason }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  };
  return {
    kind,
    message,
    httpStatus: rule.httpStatus,
    closeCode: rule.closeCode,
    retryAfter,
    logLevel: rule.logLevel,
    error: new GraphQLError(message, { extensions }),
  };
}

/**
 * The refusal an HTTP answer tells by its status when its execution's errors call on the client
 * to act: a sign-in GWS throttled (429, the longest wait of them), else credentials missing or
 * refused (401). Undefined for any other answer, which GraphQL over HTTP sends with 200.
 */
export function answerRefusal(
  errors: readonly GraphQLFormattedError[] | undefined,
): Refusal | undefined {
  const waits: number[] = [];
  let unauthenticated = false;
  for (const { extensions } of errors ?? []) {
    // The rate limit refuses a request before it runs: RATE_LIMITED in an answer is a sign-in's.
    if (extensions?.code === ErrorCode.RateLimited && typeof extensions.retryAfter === 'number') {
      waits.push(extensions.retryAfter);
    }
    if (extensions?.code === ErrorCode.Unauthenticated) unauthenticated = true;
  }
  if (waits.length > 0) return refusal('sign_in_throttled', { retryAfter: Math.max(...waits) });
  return unauthenticated ? refusal('unauthenticated_request') : undefined;
}
