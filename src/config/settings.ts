/**
 * The gateway's settings, one entry each: the environment variable, its kind (the parser and its
 * bounds), the default (and the production default where it differs) and what it means. The
 * `Config` type, `loadConfig` and the table of docs/configuration.md (`npm run docs:config`) are
 * all made from this table; a setting is added here and nowhere else.
 */
import {
  baseUrl,
  channelList,
  headerNameList,
  integer,
  onOff,
  oneOf,
  optionalText,
  originList,
  productionMode,
  redisUrl,
  text,
} from './kinds.js';
import type { Setting, ValueOf } from './setting.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The most proxies TRUST_PROXY may count: more hops than any real deployment has. */
const MAX_TRUSTED_PROXIES = 10;

/** In the order of docs/configuration.md's table. */
export const SETTINGS = {
  port: integer({
    variable: 'PORT',
    default: 4000,
    min: 0,
    max: 65535,
    description: 'The one port of HTTP and WebSocket traffic.',
  }),
  host: text({
    variable: 'HOST',
    default: '0.0.0.0',
    accepts: 'a host name or IP address',
    description: 'The address to listen on.',
  }),
  production: productionMode({
    variable: 'NODE_ENV',
    description:
      '`production`: no embedded simulator, and introspection, field suggestions and the playground are off unless turned on.',
  }),
  gwsBaseUrl: baseUrl({
    variable: 'GWS_BASE_URL',
    example: 'http://gws.example.com:8090',
    description: 'The upstream GWS. Unset: the embedded simulator.',
  }),
  gwsTimeoutMs: integer({
    variable: 'GWS_TIMEOUT_MS',
    default: 10_000,
    min: 1,
    max: 600_000,
    description: 'Timeout of every upstream request.',
  }),
  gwsSessionIdleTtlMs: integer({
    variable: 'GWS_SESSION_IDLE_TTL_MS',
    default: 15 * 60_000,
    min: 1_000,
    max: 86_400_000,
    description:
      "An agent's upstream session (cookies, CSRF token, identity) is forgotten after this long unused.",
  }),
  gwsMaxAgentSessions: integer({
    variable: 'GWS_MAX_AGENT_SESSIONS',
    default: 10_000,
    min: 1,
    max: 1_000_000,
    description:
      "The most agents' upstream sessions held at once; the least recently used goes first. Also bounds the rate-limit and sign-in tables.",
  }),
  gwsMaxSockets: integer({
    variable: 'GWS_MAX_SOCKETS',
    default: 64,
    min: 1,
    max: 10_000,
    description:
      'The most connections REST calls open to GWS at once; more requests wait, within their timeout.',
  }),
  gwsKeepAliveIdleMs: integer({
    variable: 'GWS_KEEPALIVE_IDLE_MS',
    default: 4_000,
    min: 100,
    max: 600_000,
    description:
      'An idle connection to GWS is closed after this long; keep it below the idle timeout of GWS.',
  }),
  maxRequestBytes: integer({
    variable: 'MAX_REQUEST_BYTES',
    default: 1024 * 1024,
    min: 1024,
    max: 64 * 1024 * 1024,
    description:
      'The largest HTTP request body or WebSocket message (a larger message closes the WebSocket with 1009).',
  }),
  maxTokens: integer({
    variable: 'MAX_TOKENS',
    default: 2_000,
    min: 100,
    max: 1_000_000,
    description: 'Lexical tokens in one GraphQL document; a longer one is not parsed.',
  }),
  maxQueryDepth: integer({
    variable: 'MAX_QUERY_DEPTH',
    default: 8,
    min: 1,
    max: 100,
    description:
      'The deepest nesting of fields in one operation (a root field is depth 1; introspection is not counted).',
  }),
  maxAliases: integer({
    variable: 'MAX_ALIASES',
    default: 15,
    min: 0,
    max: 1_000,
    description: 'Aliases in one operation, fragments expanded where they are spread.',
  }),
  maxRootFields: integer({
    variable: 'MAX_ROOT_FIELDS',
    default: 10,
    min: 1,
    max: 1_000,
    description: 'Root fields in one query.',
  }),
  maxMutationsPerRequest: integer({
    variable: 'MAX_MUTATIONS_PER_REQUEST',
    default: 2,
    min: 1,
    max: 100,
    description:
      'Root fields in one mutation: each is an action in GWS, such as a message to a customer.',
  }),
  maxDirectives: integer({
    variable: 'MAX_DIRECTIVES',
    default: 10,
    min: 0,
    max: 1_000,
    description: 'Directives in one operation, fragments expanded.',
  }),
  maxUpstreamCallsPerOperation: integer({
    variable: 'MAX_UPSTREAM_CALLS_PER_OPERATION',
    default: 50,
    min: 1,
    max: 10_000,
    description: 'GWS requests one execution may make (a subscription: per event).',
  }),
  maxResponseBytes: integer({
    variable: 'MAX_RESPONSE_BYTES',
    default: 8 * 1024 * 1024,
    min: 1024,
    max: 1024 * 1024 * 1024,
    description: 'The largest response one execution may build, measured as resolvers return data.',
  }),
  directoryCacheTtlMs: integer({
    variable: 'DIRECTORY_CACHE_TTL_MS',
    default: 5_000,
    min: 0,
    max: 600_000,
    description:
      "How long an agent's directory answers (searches, people, queues, availability) are reused by that agent's next requests; 0: not reused.",
  }),
  directoryCacheMaxBytes: integer({
    variable: 'DIRECTORY_CACHE_MAX_BYTES',
    default: 32 * 1024 * 1024,
    min: 1024,
    max: 1024 * 1024 * 1024,
    description:
      'The directory answers kept for all agents together, measured as JSON; the least recently used go first.',
  }),
  rateLimitPerMinute: integer({
    variable: 'RATE_LIMIT_PER_MINUTE',
    default: 600,
    min: 1,
    max: 1_000_000,
    description:
      'GraphQL requests and WebSocket subscribes per agent per minute; without credentials, per client address.',
  }),
  signInMaxUnknownAttempts: integer({
    variable: 'SIGN_IN_MAX_UNKNOWN_ATTEMPTS',
    default: 3,
    min: 1,
    max: 1_000,
    description:
      'Sign-ins per user name, client address and window with a credential GWS has not accepted before.',
  }),
  signInMaxAttemptsPerUser: integer({
    variable: 'SIGN_IN_MAX_ATTEMPTS_PER_USER',
    default: 10,
    min: 1,
    max: 10_000,
    description:
      'The same per user name from all addresses; keep it below any lockout threshold of GWS.',
  }),
  signInWindowMs: integer({
    variable: 'SIGN_IN_WINDOW_MS',
    default: 5 * 60_000,
    min: 1_000,
    max: 86_400_000,
    description: 'The window of both sign-in counts.',
  }),
  trustProxy: integer({
    variable: 'TRUST_PROXY',
    default: 0,
    min: 0,
    max: MAX_TRUSTED_PROXIES,
    description:
      "Proxies in front appending to `X-Forwarded-For`; the client address is the entry the outermost one added. 0: the peer's address, the header ignored.",
  }),
  signInRefusedTtlMs: integer({
    variable: 'SIGN_IN_REFUSED_TTL_MS',
    default: 60_000,
    min: 0,
    max: 86_400_000,
    description: 'A credential GWS refused is refused again without asking GWS for this long.',
  }),
  introspection: onOff({
    variable: 'INTROSPECTION',
    default: true,
    productionDefault: false,
    description:
      'Answer `__schema` and `__type` (over HTTP and WebSocket alike); off also drops "Did you mean …" hints from errors.',
  }),
  playground: onOff({
    variable: 'PLAYGROUND',
    default: true,
    productionDefault: false,
    description: 'Serve the playground to browsers at `/graphql`.',
  }),
  metrics: onOff({
    variable: 'METRICS',
    default: true,
    description: 'Prometheus metrics at `/metrics`.',
  }),
  httpHeadersTimeoutMs: integer({
    variable: 'HTTP_HEADERS_TIMEOUT_MS',
    default: 10_000,
    min: 1_000,
    max: 600_000,
    description:
      "A client must send a request's headers within this time (else 408, connection closed).",
  }),
  httpRequestTimeoutMs: integer({
    variable: 'HTTP_REQUEST_TIMEOUT_MS',
    default: 30_000,
    min: 1_000,
    max: 3_600_000,
    description: 'A client must send a whole request, body included, within this time.',
  }),
  shutdownGraceMs: integer({
    variable: 'SHUTDOWN_GRACE_MS',
    default: 10_000,
    min: 0,
    max: 600_000,
    description:
      'On SIGTERM or SIGINT, requests in flight have this long to finish before they are cut off.',
  }),
  wsConnectionInitTimeoutMs: integer({
    variable: 'WS_CONNECTION_INIT_TIMEOUT_MS',
    default: 3_000,
    min: 100,
    max: 60_000,
    description: 'A WebSocket that sends no `connection_init` by then is closed (4408).',
  }),
  wsKeepAliveMs: integer({
    variable: 'WS_KEEPALIVE_MS',
    default: 12_000,
    min: 1_000,
    max: 300_000,
    description:
      "WebSocket ping interval, and the legacy graphql-ws subprotocol's `ka` interval; a peer that misses a pong is dropped.",
  }),
  wsMaxSubscriptionsPerConnection: integer({
    variable: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION',
    default: 20,
    min: 1,
    max: 1_000,
    description: 'The most operations one WebSocket may run at once.',
  }),
  multipartHeartbeatMs: integer({
    variable: 'MULTIPART_HEARTBEAT_MS',
    default: 5_000,
    min: 1_000,
    max: 300_000,
    description:
      'How often a multipart HTTP subscription with no event to send is sent an empty `{}` part, so proxies keep it open.',
  }),
  maxStreamsPerAgent: integer({
    variable: 'MAX_STREAMS_PER_AGENT',
    default: 32,
    min: 1,
    max: 10_000,
    description:
      'Streaming connections one agent may hold open on a replica, WebSockets, event streams and multipart subscriptions together; past it, 1013 or 429.',
  }),
  subscriberQueueCapacity: integer({
    variable: 'SUBSCRIBER_QUEUE_CAPACITY',
    default: 256,
    min: 1,
    max: 100_000,
    description:
      'Events a subscriber may leave untaken however long; more may wait only `SUBSCRIBER_CATCH_UP_MS`.',
  }),
  subscriberCatchUpMs: integer({
    variable: 'SUBSCRIBER_CATCH_UP_MS',
    default: 10_000,
    min: 100,
    max: 600_000,
    description:
      "Once more than `SUBSCRIBER_QUEUE_CAPACITY` of a subscriber's events have waited this long untaken, it is closed (1013).",
  }),
  upstreamStreamGraceMs: integer({
    variable: 'UPSTREAM_STREAM_GRACE_MS',
    default: 5_000,
    min: 0,
    max: 600_000,
    description: "An agent's GWS notification stream outlives its last subscriber this long.",
  }),
  eventLogSize: integer({
    variable: 'EVENT_LOG_SIZE',
    default: 200,
    min: 0,
    max: 10_000,
    description:
      'Events per agent held for subscriptions resuming with `after`; `0` holds none (RESYNC instead).',
  }),
  eventLogMaxAgents: integer({
    variable: 'EVENT_LOG_MAX_AGENTS',
    default: 1_000,
    min: 1,
    max: 1_000_000,
    description:
      'The most agents whose events are held; the least recently active is forgotten first.',
  }),
  eventLogMaxAgeMs: integer({
    variable: 'EVENT_LOG_MAX_AGE_MS',
    default: 10 * 60_000,
    min: 1_000,
    max: 86_400_000,
    description: 'Held events older than this are forgotten.',
  }),
  gwsNotificationChannels: channelList({
    variable: 'GWS_NOTIFICATION_CHANNELS',
    // One segment below /v2/me, as GWS's SMS topic is not documented; SMS notifications are told
    // from the others by their content.
    default: ['/v2/me/*'],
    description:
      "The CometD channels (Bayeux patterns) each agent's stream subscribes to; SMS notifications are recognised by their content on any of them.",
  }),
  corsOrigins: originList({
    variable: 'CORS_ORIGINS',
    description:
      'Origins of browser apps on other sites allowed to call the gateway (`https://app.example.com`); unset: none.',
  }),
  corsAllowedHeaders: headerNameList({
    variable: 'CORS_ALLOWED_HEADERS',
    description:
      "Request headers a listed origin's app may send besides those the gateway always allows (see CORS in [the API](api.md)), e.g. `x-request-id`.",
  }),
  publicUrl: baseUrl({
    variable: 'PUBLIC_URL',
    example: 'https://gateway.example.com',
    description:
      "The URL browsers reach the gateway at; its origin is the gateway's own (the playground's). Unset: the loopback origins of `PORT`, or none under `NODE_ENV=production`. See CORS in [the API](api.md).",
  }),
  trustedDocuments: optionalText({
    variable: 'TRUSTED_DOCUMENTS',
    accepts: 'a file path',
    description:
      'A JSON manifest of trusted documents: `{ "<sha256 hex>": "<document>" }` (codegen client-preset\'s `persistedDocuments`, keys with or without `sha256:`) or Apollo\'s `apollo-persisted-query-manifest`; only its documents run. Checked at start.',
  }),
  outcomeTimeoutMs: integer({
    variable: 'OUTCOME_TIMEOUT_MS',
    default: 10_000,
    min: 1,
    max: 600_000,
    description: 'How long a mutation with `awaitOutcome` waits when it gives no `timeoutMs`.',
  }),
  outcomeMaxTimeoutMs: integer({
    variable: 'OUTCOME_MAX_TIMEOUT_MS',
    default: 60_000,
    min: 1,
    max: 600_000,
    description: 'The longest `timeoutMs` a mutation may ask for.',
  }),
  outcomeQuietWindowMs: integer({
    variable: 'OUTCOME_QUIET_WINDOW_MS',
    default: 1_000,
    min: 0,
    max: 60_000,
    description: 'Silence this long confirms `CancelConsult` and `SetInFocus`.',
  }),
  redisUrl: redisUrl({
    variable: 'REDIS_URL',
    description:
      'Cluster mode: the Redis the replicas share (see [Running several replicas](cluster.md)). Unset: one process, no Redis.',
  }),
  clusterSecret: optionalText({
    variable: 'CLUSTER_SECRET',
    accepts: 'random characters',
    description:
      "The same on every replica; keys the agents' names, so an agent has one name across the cluster that says nothing of its credential.",
  }),
  clusterLeaseTtlMs: integer({
    variable: 'CLUSTER_LEASE_TTL_MS',
    default: 10_000,
    min: 1_000,
    max: 60_000,
    description:
      "A dead replica's agent streams are taken over within about 1.25 times this (cluster mode).",
  }),
  logLevel: oneOf({
    variable: 'LOG_LEVEL',
    allowed: LOG_LEVELS,
    default: 'info',
    description: "The level of pino's JSON log lines.",
  }),
} satisfies Record<string, Setting<unknown>>;

/** The gateway's settings, read from environment variables and checked at start by loadConfig. */
export type Config = { -readonly [K in keyof typeof SETTINGS]: ValueOf<(typeof SETTINGS)[K]> };
