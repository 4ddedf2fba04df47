import type { ClusterOptions } from '../cluster/index.js';
import type { Config } from '../config/index.js';
import type {
  DirectoryCacheOptions,
  ExecutionBudgetLimits,
  OperationLimits,
  OutcomeSettings,
} from '../graphql/index.js';

/** What the core is made with; every value comes from a setting (see {@link componentOptions}). */
export interface CoreOptions {
  /** How GWS is called; the cluster adds what replicas share. */
  gws: {
    baseUrl: string;
    timeoutMs: number;
    sessionIdleTtlMs: number;
    maxAgentSessions: number;
    maxSockets: number;
    keepAliveIdleMs: number;
    notificationChannels: readonly string[];
    signIn: SignInLimits;
  };
  /** The shape every operation must keep, on every transport. */
  limits: OperationLimits;
  /** What one execution may spend. */
  budget: ExecutionBudgetLimits;
  /** Requests per agent per minute; past it they are refused with RATE_LIMITED. */
  rateLimitPerMinute: number;
  /** Whether error messages keep GraphQL's "Did you mean …?" (they name the schema's fields). */
  hideSuggestions: boolean;
  /** The agents' subscribers: their bounded queues and their upstream streams' grace. */
  subscribers: {
    /** Events a subscriber may leave untaken however long (the slow-subscriber rule's bound). */
    queueCapacity: number;
    /** How long more than that may wait untaken before the subscriber is ended, in ms. */
    catchUpMs: number;
    /** An agent's upstream stream stays open this long after its last subscriber leaves, in ms. */
    upstreamGraceMs: number;
  };
  /** The bounds of the log that resuming subscriptions replay from. */
  eventLog: EventLogBounds;
  outcomes: OutcomeSettings;
  /** What each agent's directory answers are kept for, and how much of them for all agents. */
  directoryCache: DirectoryCacheOptions;
  /** Streaming connections (WebSockets and event streams) one agent may hold on this process. */
  maxStreamsPerAgent: number;
  /** The manifest of the only documents that run, when set (TRUSTED_DOCUMENTS). */
  trustedDocuments: string | undefined;
}

/** Sign-ins with credentials GWS has not accepted, counted per user name (SIGN_IN_*). */
export type SignInLimits = ClusterOptions['signIn'];

/** How many events of how many agents, how old, the event log holds (EVENT_LOG_*). */
export type EventLogBounds = ClusterOptions['eventLog'];

/** Directory answers kept for all agents together, whatever their size: a bound on the count. */
const DIRECTORY_CACHE_MAX_ENTRIES = 10_000;

/** Every component's options, as the settings say. */
export interface ComponentOptions {
  core: CoreOptions;
  /** Undefined unless REDIS_URL is set: one process alone. */
  cluster: ClusterOptions | undefined;
  /** GraphQL over HTTP (Apollo Server). */
  http: { maxRequestBytes: number; trustProxy: number };
  /** graphql-transport-ws. */
  webSocket: {
    maxPayloadBytes: number;
    connectionInitTimeoutMs: number;
    keepAliveMs: number;
    maxOperationsPerConnection: number;
    trustProxy: number;
  };
  /** GraphQL over Server-Sent Events (graphql-sse). */
  sse: { maxRequestBytes: number; trustProxy: number };
  /** Multipart HTTP subscriptions (Apollo's protocol). */
  multipart: { maxRequestBytes: number; trustProxy: number; heartbeatMs: number };
}

/**
 * The one place where settings become the options of the components that use them, so that each
 * setting is renamed once. `gwsBaseUrl`: the configured GWS, or the embedded simulator's.
 */
export function componentOptions(config: Config, gwsBaseUrl: string): ComponentOptions {
  const signIn: SignInLimits = {
    maxUnknownAttempts: config.signInMaxUnknownAttempts,
    maxUnknownAttemptsPerUser: config.signInMaxAttemptsPerUser,
    windowMs: config.signInWindowMs,
    refusedTtlMs: config.signInRefusedTtlMs,
  };
  const eventLog: EventLogBounds = {
    entriesPerStream: config.eventLogSize,
    maxStreams: config.eventLogMaxAgents,
    maxAgeMs: config.eventLogMaxAgeMs,
  };
  const { redisUrl, clusterSecret } = config;
  const requests = { maxRequestBytes: config.maxRequestBytes, trustProxy: config.trustProxy };
  return {
    core: {
      gws: {
        baseUrl: gwsBaseUrl,
        timeoutMs: config.gwsTimeoutMs,
        sessionIdleTtlMs: config.gwsSessionIdleTtlMs,
        maxAgentSessions: config.gwsMaxAgentSessions,
        maxSockets: config.gwsMaxSockets,
        keepAliveIdleMs: config.gwsKeepAliveIdleMs,
        notificationChannels: config.gwsNotificationChannels,
        signIn,
      },
      limits: {
        maxDepth: config.maxQueryDepth,
        maxAliases: config.maxAliases,
        maxRootFields: config.maxRootFields,
        maxMutationFields: config.maxMutationsPerRequest,
        maxDirectives: config.maxDirectives,
        maxTokens: config.maxTokens,
        introspection: config.introspection,
      },
      budget: {
        maxUpstreamCalls: config.maxUpstreamCallsPerOperation,
        maxResponseBytes: config.maxResponseBytes,
      },
      rateLimitPerMinute: config.rateLimitPerMinute,
      hideSuggestions: !config.introspection,
      subscribers: {
        queueCapacity: config.subscriberQueueCapacity,
        catchUpMs: config.subscriberCatchUpMs,
        upstreamGraceMs: config.upstreamStreamGraceMs,
      },
      eventLog,
      outcomes: {
        defaultTimeoutMs: config.outcomeTimeoutMs,
        maxTimeoutMs: config.outcomeMaxTimeoutMs,
        quietWindowMs: config.outcomeQuietWindowMs,
      },
      directoryCache: {
        maxEntries: DIRECTORY_CACHE_MAX_ENTRIES,
        maxBytes: config.directoryCacheMaxBytes,
        ttlMs: config.directoryCacheTtlMs,
      },
      maxStreamsPerAgent: config.maxStreamsPerAgent,
      trustedDocuments: config.trustedDocuments,
    },
    cluster:
      redisUrl === undefined || clusterSecret === undefined
        ? undefined
        : {
            redisUrl,
            secret: clusterSecret,
            leaseTtlMs: config.clusterLeaseTtlMs,
            eventLog,
            signIn,
            // As the rate limit's own store is bounded: one window per agent session held.
            rateLimitFallbackKeys: config.gwsMaxAgentSessions,
          },
    http: requests,
    webSocket: {
      maxPayloadBytes: config.maxRequestBytes,
      connectionInitTimeoutMs: config.wsConnectionInitTimeoutMs,
      keepAliveMs: config.wsKeepAliveMs,
      maxOperationsPerConnection: config.wsMaxSubscriptionsPerConnection,
      trustProxy: config.trustProxy,
    },
    sse: requests,
    multipart: { ...requests, heartbeatMs: config.multipartHeartbeatMs },
  };
}
