/** The gateway's settings, read from environment variables and validated at start. */
export interface Config {
  /** PORT: the one port of HTTP and WebSocket traffic. */
  port: number;
  /** HOST: the address to listen on. */
  host: string;
  /** GWS_BASE_URL: the upstream GWS; undefined starts the embedded simulator. */
  gwsBaseUrl: string | undefined;
  /** GWS_TIMEOUT_MS: the timeout of every upstream request. */
  gwsTimeoutMs: number;
  /** GWS_SESSION_IDLE_TTL_MS: an agent's upstream session is forgotten after this long unused. */
  gwsSessionIdleTtlMs: number;
  /** GWS_MAX_AGENT_SESSIONS: the most agents' upstream sessions held at once. */
  gwsMaxAgentSessions: number;
  /** GWS_MAX_SOCKETS: the most connections REST calls open to GWS at once; more requests queue. */
  gwsMaxSockets: number;
  /** GWS_KEEPALIVE_IDLE_MS: an idle pooled connection to GWS is closed after this long. */
  gwsKeepAliveIdleMs: number;
  /** HTTP_HEADERS_TIMEOUT_MS: a client must send a request's headers within this time. */
  httpHeadersTimeoutMs: number;
  /** HTTP_REQUEST_TIMEOUT_MS: a client must send a whole request, body included, within this time. */
  httpRequestTimeoutMs: number;
  /** SHUTDOWN_GRACE_MS: on SIGTERM/SIGINT, requests in flight have this long to finish. */
  shutdownGraceMs: number;
  /** MAX_REQUEST_BYTES: the largest HTTP request body or WebSocket message accepted. */
  maxRequestBytes: number;
  /** WS_CONNECTION_INIT_TIMEOUT_MS: a WebSocket that has not sent connection_init by then is closed (4408). */
  wsConnectionInitTimeoutMs: number;
  /** WS_KEEPALIVE_MS: the interval of WebSocket pings; a peer that misses a pong is dropped. */
  wsKeepAliveMs: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: the most operations one WebSocket may run at once. */
  wsMaxSubscriptionsPerConnection: number;
  /**
   * MAX_STREAMS_PER_AGENT: the most streaming connections (WebSockets and Server-Sent Events
   * streams together) one agent may hold open on this process.
   */
  maxStreamsPerAgent: number;
  /** SUBSCRIBER_QUEUE_CAPACITY: events a subscriber may leave untaken however long. */
  subscriberQueueCapacity: number;
  /**
   * SUBSCRIBER_CATCH_UP_MS: a subscriber leaving more than SUBSCRIBER_QUEUE_CAPACITY events
   * untaken this long is disconnected (1013).
   */
  subscriberCatchUpMs: number;
  /** UPSTREAM_STREAM_GRACE_MS: an agent's GWS notification stream outlives its last subscriber this long. */
  upstreamStreamGraceMs: number;
  /** OUTCOME_TIMEOUT_MS: how long a mutation with awaitOutcome waits when it gives no timeoutMs. */
  outcomeTimeoutMs: number;
  /** OUTCOME_MAX_TIMEOUT_MS: the longest timeoutMs a mutation may ask for. */
  outcomeMaxTimeoutMs: number;
  /** OUTCOME_QUIET_WINDOW_MS: silence this long confirms CancelConsult and SetInFocus. */
  outcomeQuietWindowMs: number;
  /** PLAYGROUND: serve the GraphiQL playground to browsers at /graphql; on unless NODE_ENV=production. */
  playground: boolean;
  /** NODE_ENV=production: no embedded simulator, introspection or field suggestions by default. */
  production: boolean;
  /** INTROSPECTION: answer `__schema` and `__type`; on unless NODE_ENV=production. */
  introspection: boolean;
  /** MAX_QUERY_DEPTH: the deepest nesting of fields in an operation (introspection not counted). */
  maxQueryDepth: number;
  /** MAX_ALIASES: aliases in one operation, fragments expanded. */
  maxAliases: number;
  /** MAX_ROOT_FIELDS: root fields in one query. */
  maxRootFields: number;
  /** MAX_MUTATIONS_PER_REQUEST: root fields in one mutation; each is an action upstream. */
  maxMutationsPerRequest: number;
  /** MAX_DIRECTIVES: directives in one operation, fragments expanded. */
  maxDirectives: number;
  /** MAX_TOKENS: lexical tokens in one document; a longer one is not parsed. */
  maxTokens: number;
  /** MAX_UPSTREAM_CALLS_PER_OPERATION: GWS requests one execution may make. */
  maxUpstreamCallsPerOperation: number;
  /** MAX_RESPONSE_BYTES: the largest response one execution may build, about, as JSON. */
  maxResponseBytes: number;
  /** RATE_LIMIT_PER_MINUTE: GraphQL requests and subscribes per agent per minute. */
  rateLimitPerMinute: number;
  /**
   * SIGN_IN_MAX_UNKNOWN_ATTEMPTS: credentials GWS has not accepted, tried per user name and client
   * address per window.
   */
  signInMaxUnknownAttempts: number;
  /**
   * SIGN_IN_MAX_ATTEMPTS_PER_USER: credentials GWS has not accepted, tried per user name
   * per window from all client addresses together.
   */
  signInMaxAttemptsPerUser: number;
  /** SIGN_IN_WINDOW_MS: the window of SIGN_IN_MAX_UNKNOWN_ATTEMPTS. */
  signInWindowMs: number;
  /** SIGN_IN_REFUSED_TTL_MS: a credential GWS refused is refused without asking GWS this long. */
  signInRefusedTtlMs: number;
  /**
   * TRUST_PROXY: how many proxies in front of the gateway append to `X-Forwarded-For`; the client's
   * address is read that many entries from its end. 0: the peer's address, the header ignored.
   */
  trustProxy: number;
  /** METRICS: serve Prometheus metrics at /metrics. */
  metrics: boolean;
  /** LOG_LEVEL: pino's level. */
  logLevel: LogLevel;

  // The event log that subscriptions resuming with `after` replay from.
  /** EVENT_LOG_SIZE: events of one agent held for subscriptions that resume with `after`. */
  eventLogSize: number;
  /** EVENT_LOG_MAX_AGENTS: the most agents whose events are held; the least recently active goes first. */
  eventLogMaxAgents: number;
  /** EVENT_LOG_MAX_AGE_MS: held events older than this are forgotten. */
  eventLogMaxAgeMs: number;
  // Notification channels.
  /** GWS_NOTIFICATION_CHANNELS: the CometD channels (Bayeux patterns) subscribed to per agent. */
  gwsNotificationChannels: string[];
  /** CORS_ORIGINS: the browser origins of other sites allowed to call the gateway; none when unset. */
  corsOrigins: string[];
  /**
   * PUBLIC_URL: the URL browsers reach the gateway at; its origin is the gateway's own. Unset: the
   * loopback origins of the port it listens on, or none under NODE_ENV=production.
   */
  publicUrl: string | undefined;
  /**
   * TRUSTED_DOCUMENTS: a JSON file `{ "<sha256 hex>": "<document>" }`; when set, only its documents
   * run. Read and checked when the gateway starts.
   */
  trustedDocuments: string | undefined;
  // Cluster mode.
  /** REDIS_URL: the Redis replicas share; undefined runs one process alone, without Redis. */
  redisUrl: string | undefined;
  /**
   * CLUSTER_SECRET: the key every replica hashes credentials with, so an agent has one name
   * across the cluster that says nothing of its credential; required with REDIS_URL.
   */
  clusterSecret: string | undefined;
  /** CLUSTER_LEASE_TTL_MS: a dead replica's agent streams are taken over within about this long. */
  clusterLeaseTtlMs: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/** @throws ConfigError naming the first variable whose value is unusable. */
export function loadConfig(env: Environment): Config {
  const production = env.NODE_ENV === 'production';
  const config: Config = {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: text(env, 'HOST', '0.0.0.0'),
    gwsBaseUrl: baseUrl(env, 'GWS_BASE_URL', 'http://gws.example.com:8090'),
    gwsTimeoutMs: integer(env, 'GWS_TIMEOUT_MS', 10_000, 1, 600_000),
    gwsSessionIdleTtlMs: integer(env, 'GWS_SESSION_IDLE_TTL_MS', 15 * 60_000, 1_000, 86_400_000),
    gwsMaxAgentSessions: integer(env, 'GWS_MAX_AGENT_SESSIONS', 10_000, 1, 1_000_000),
    gwsMaxSockets: integer(env, 'GWS_MAX_SOCKETS', 64, 1, 10_000),
    gwsKeepAliveIdleMs: integer(env, 'GWS_KEEPALIVE_IDLE_MS', 4_000, 100, 600_000),
    httpHeadersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 1_000, 600_000),
    httpRequestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 3_600_000),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    maxRequestBytes: integer(env, 'MAX_REQUEST_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    wsConnectionInitTimeoutMs: integer(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 3_000, 100, 60_000),
    wsKeepAliveMs: integer(env, 'WS_KEEPALIVE_MS', 12_000, 1_000, 300_000),
    wsMaxSubscriptionsPerConnection: integer(
      env,
      'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION',
      20,
      1,
      1_000,
    ),
    maxStreamsPerAgent: integer(env, 'MAX_STREAMS_PER_AGENT', 32, 1, 10_000),
    subscriberQueueCapacity: integer(env, 'SUBSCRIBER_QUEUE_CAPACITY', 256, 1, 100_000),
    subscriberCatchUpMs: integer(env, 'SUBSCRIBER_CATCH_UP_MS', 10_000, 100, 600_000),
    upstreamStreamGraceMs: integer(env, 'UPSTREAM_STREAM_GRACE_MS', 5_000, 0, 600_000),
    outcomeTimeoutMs: integer(env, 'OUTCOME_TIMEOUT_MS', 10_000, 1, 600_000),
    outcomeMaxTimeoutMs: integer(env, 'OUTCOME_MAX_TIMEOUT_MS', 60_000, 1, 600_000),
    outcomeQuietWindowMs: integer(env, 'OUTCOME_QUIET_WINDOW_MS', 1_000, 0, 60_000),
    playground: onOff(env, 'PLAYGROUND', !production),
    production,
    introspection: onOff(env, 'INTROSPECTION', !production),
    maxQueryDepth: integer(env, 'MAX_QUERY_DEPTH', 8, 1, 100),
    maxAliases: integer(env, 'MAX_ALIASES', 15, 0, 1_000),
    maxRootFields: integer(env, 'MAX_ROOT_FIELDS', 10, 1, 1_000),
    maxMutationsPerRequest: integer(env, 'MAX_MUTATIONS_PER_REQUEST', 2, 1, 100),
    maxDirectives: integer(env, 'MAX_DIRECTIVES', 10, 0, 1_000),
    maxTokens: integer(env, 'MAX_TOKENS', 2_000, 100, 1_000_000),
    maxUpstreamCallsPerOperation: integer(env, 'MAX_UPSTREAM_CALLS_PER_OPERATION', 50, 1, 10_000),
    maxResponseBytes: integer(env, 'MAX_RESPONSE_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    signInMaxUnknownAttempts: integer(env, 'SIGN_IN_MAX_UNKNOWN_ATTEMPTS', 3, 1, 1_000),
    signInMaxAttemptsPerUser: integer(env, 'SIGN_IN_MAX_ATTEMPTS_PER_USER', 10, 1, 10_000),
    signInWindowMs: integer(env, 'SIGN_IN_WINDOW_MS', 5 * 60_000, 1_000, 86_400_000),
    signInRefusedTtlMs: integer(env, 'SIGN_IN_REFUSED_TTL_MS', 60_000, 0, 86_400_000),
    trustProxy: integer(env, 'TRUST_PROXY', 0, 0, MAX_TRUSTED_PROXIES),
    metrics: onOff(env, 'METRICS', true),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),

    // The event log that subscriptions resuming with `after` replay from.
    eventLogSize: integer(env, 'EVENT_LOG_SIZE', 200, 0, 10_000),
    eventLogMaxAgents: integer(env, 'EVENT_LOG_MAX_AGENTS', 1_000, 1, 1_000_000),
    eventLogMaxAgeMs: integer(env, 'EVENT_LOG_MAX_AGE_MS', 10 * 60_000, 1_000, 86_400_000),
    // Notification channels.
    gwsNotificationChannels: channelList(env, 'GWS_NOTIFICATION_CHANNELS', ['/v2/me/*']),
    corsOrigins: originList(env, 'CORS_ORIGINS'),
    publicUrl: baseUrl(env, 'PUBLIC_URL', 'https://gateway.example.com'),
    trustedDocuments: raw(env, 'TRUSTED_DOCUMENTS'),
    // Cluster mode.
    redisUrl: redisUrl(env, 'REDIS_URL'),
    clusterSecret: raw(env, 'CLUSTER_SECRET'),
    clusterLeaseTtlMs: integer(env, 'CLUSTER_LEASE_TTL_MS', 10_000, 1_000, 60_000),
  };
  if (production && config.gwsBaseUrl === undefined) {
    throw new ConfigError('GWS_BASE_URL', 'is required when NODE_ENV=production.');
  }
  if (config.outcomeTimeoutMs > config.outcomeMaxTimeoutMs) {
    throw new ConfigError(
      'OUTCOME_TIMEOUT_MS',
      `must not exceed OUTCOME_MAX_TIMEOUT_MS (${config.outcomeMaxTimeoutMs}).`,
    );
  }
  if (config.httpHeadersTimeoutMs > config.httpRequestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.httpRequestTimeoutMs}).`,
    );
  }
  if (config.signInMaxUnknownAttempts > config.signInMaxAttemptsPerUser) {
    throw new ConfigError(
      'SIGN_IN_MAX_UNKNOWN_ATTEMPTS',
      `must not exceed SIGN_IN_MAX_ATTEMPTS_PER_USER (${config.signInMaxAttemptsPerUser}).`,
    );
  }
  if (config.redisUrl !== undefined) {
    const secret = config.clusterSecret;
    if (secret === undefined || secret.length < MIN_CLUSTER_SECRET_LENGTH) {
      throw new ConfigError(
        'CLUSTER_SECRET',
        `must be set to at least ${MIN_CLUSTER_SECRET_LENGTH} random characters, the same on every replica, when REDIS_URL is set.`,
      );
    }
  }
  return config;
}

function raw(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(
  env: Environment,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${value}").`);
  }
  return parsed;
}

function text(env: Environment, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

function oneOf<T extends string>(
  env: Environment,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}").`);
  }
  return value as T;
}

/** An absolute http(s) URL with no credentials, query or fragment, without a trailing slash. */
function baseUrl(env: Environment, name: string, example: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      name,
      `must be an absolute http(s) URL such as ${example} (got "${value}").`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must use http or https (got "${url.protocol}").`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(name, 'must not carry credentials, a query or a fragment.');
  }
  return url.href.replace(/\/+$/, '');
}

function onOff(env: Environment, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (value !== 'on' && value !== 'off') {
    throw new ConfigError(name, `must be on or off (got "${value}").`);
  }
  return value === 'on';
}

// Notification channels.

/** More would only multiply subscriptions per agent; GWS's own topics are a handful. */
const MAX_NOTIFICATION_CHANNELS = 16;
/** `/a/b`, or a Bayeux wildcard pattern `/a/*` (one more segment) or `/a/**` (any more). */
const CHANNEL_PATTERN = /^(\/[A-Za-z0-9_.-]+)+(\/\*{1,2})?$|^\/\*{1,2}$/;

/** A comma-separated list of CometD channels; meta and service channels are not subscriptions. */
function channelList(env: Environment, name: string, fallback: string[]): string[] {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const channels = [...new Set(value.split(',').map((channel) => channel.trim()))];
  if (channels.length > MAX_NOTIFICATION_CHANNELS) {
    throw new ConfigError(name, `must name at most ${MAX_NOTIFICATION_CHANNELS} channels.`);
  }
  for (const channel of channels) {
    if (!CHANNEL_PATTERN.test(channel) || /^\/(meta|service)(\/|$)/.test(channel)) {
      throw new ConfigError(
        name,
        `must be a comma-separated list of CometD channels such as /v2/me/* (got "${channel}").`,
      );
    }
  }
  return channels;
}

/**
 * A comma-separated list of web origins (`https://app.example.com`, `http://localhost:5173`): a
 * scheme, a host and a port if not the default, nothing else. A wildcard is not accepted: every
 * allowed site is named.
 */
function originList(env: Environment, name: string): string[] {
  const value = raw(env, name);
  if (value === undefined) return [];
  const origins = value.split(',').map((entry) => {
    const origin = entry.trim();
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (
      !url ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.origin !== origin.replace(/\/$/, '').toLowerCase()
    ) {
      throw new ConfigError(
        name,
        `must be a comma-separated list of origins such as https://app.example.com (got "${origin}").`,
      );
    }
    return url.origin;
  });
  return [...new Set(origins)];
}

/** The most proxies TRUST_PROXY may count: more hops than any real deployment has. */
const MAX_TRUSTED_PROXIES = 10;

// Cluster mode.

/** The credential hash's key: 32 characters of base64 carry 192 bits. */
const MIN_CLUSTER_SECRET_LENGTH = 32;
/** Redis's default count of databases; a path names one of them. */
const REDIS_DATABASES = 16;

/** A `redis://` or `rediss://` URL; never echoed back, as it may carry a password. */
function redisUrl(env: Environment, name: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const example = 'such as redis://127.0.0.1:6379/0';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be an absolute redis:// or rediss:// URL ${example}.`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(name, `must use redis or rediss (got "${url.protocol}").`);
  }
  if (!url.hostname || url.search || url.hash) {
    throw new ConfigError(name, `must name a host, with no query or fragment, ${example}.`);
  }
  const database = url.pathname.replace(/^\//, '');
  if (database !== '' && !(/^\d{1,2}$/.test(database) && Number(database) < REDIS_DATABASES)) {
    throw new ConfigError(name, `must name a database from 0 to ${REDIS_DATABASES - 1}, if any.`);
  }
  return value;
}
