import type { GraphQLFormattedError, GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { Logger } from 'pino';
import type { SmsOperationOutcome } from '../generated/graphql.js';
import {
  MemoryEventLog,
  NotificationHub,
  type EventLog,
  type FanoutObserver,
  type HubStats,
  type MemoryEventLogOptions,
  type StreamCoordinator,
} from '../fanout/index.js';
import {
  GwsClient,
  GwsError,
  type AgentIdentity,
  type AgentSession,
  type GwsClientOptions,
  type UpstreamObserver,
} from '../gws/index.js';
import type { ExecutionBudgetLimits } from './budget.js';
import {
  createContext,
  type Caller,
  type Context,
  type ContextDependencies,
  type OutcomeSettings,
} from './context.js';
import { DocumentCache } from './document-cache.js';
import { formatError, type ErrorFormatting } from './errors.js';
import { gwsUpstream } from './gws-upstream.js';
import { EventProjector, upstreamIdentity, type SmsSessionEventModel } from './events.js';
import { limitRules, parseOptions, type OperationLimits } from './limits.js';
import { WireMapper } from './model.js';
import {
  MemoryRateLimitStore,
  RateLimiter,
  type RateDecision,
  type RateLimitStore,
} from './rate-limit.js';
import { createSchema } from './schema.js';

/** What the service tells about its work, e.g. for metrics; every hook is optional. */
export interface ServiceObserver extends Partial<UpstreamObserver>, Partial<FanoutObserver> {
  /** An awaited mutation's outcome became known. */
  onOutcome?(outcome: SmsOperationOutcome): void;
}

export interface GraphQLServiceOptions {
  gws: Omit<GwsClientOptions, 'logger' | 'observer'>;
  /** The shape every operation must keep, on every transport. */
  limits: OperationLimits;
  /** What one execution may spend. */
  budget: ExecutionBudgetLimits;
  /** Requests per agent per minute; past it they are refused with RATE_LIMITED. */
  rateLimitPerMinute: number;
  /** Where the rate limit counts; default: this process's memory. */
  rateLimitStore?: RateLimitStore | undefined;
  errors: ErrorFormatting;
  observer?: ServiceObserver;
  /** Events a subscriber may leave untaken however long (the slow-subscriber rule's bound). */
  subscriberQueueCapacity: number;
  /** How long more than that may wait untaken before the subscriber is disconnected, in ms. */
  subscriberCatchUpMs: number;
  /** An agent's upstream notification stream stays open this long after its last subscriber leaves. */
  upstreamStreamGraceMs: number;
  /** The bounds of the log that resuming subscriptions replay from. */
  eventLog: Omit<MemoryEventLogOptions, 'now'>;
  /** Where events are logged instead; default: this process's memory, bounded by `eventLog`. */
  eventLogStore?: EventLog<SmsSessionEventModel> | undefined;
  /** Shares each agent's upstream stream with other processes; default: every stream is here. */
  streamCoordinator?: StreamCoordinator<SmsSessionEventModel> | undefined;
  outcomes: OutcomeSettings;
  logger: Logger;
}

/**
 * Rate-limit keys of requests without a usable credential: their origin after this prefix, apart
 * from the credential hashes (hex) that key agents.
 */
const ANONYMOUS_RATE_KEY_PREFIX = 'origin:';

/** Why the gateway ended a subscription. */
export type SubscriptionLoss = 'too_slow' | 'credentials_rejected' | 'upstream_unavailable';

/** The outcome of checking a streaming connection's credential. */
export type ConnectionAuthentication =
  /** `agent`: the agent's key, a keyed hash of its credential however the client spells it. */
  | { outcome: 'accepted'; agent: string }
  | { outcome: 'missing' | 'rejected' | 'unavailable' }
  /** Too many sign-ins with unknown credentials for the user name: it may try again later. */
  | { outcome: 'throttled'; retryAfterMs: number };

/** What a transport needs to serve the schema: contexts, authentication and error formatting. */
export class GraphQLService {
  readonly schema: GraphQLSchema = createSchema();
  private readonly gws: GwsClient;
  private readonly hub: NotificationHub<SmsSessionEventModel, AgentSession, GwsError>;
  private readonly logger: Logger;
  private readonly dependencies: ContextDependencies;

  /** The validation rules of every transport, added to graphql-js's own. */
  readonly validationRules: ValidationRule[];
  /** How every transport parses a document. */
  readonly parseOptions: ParseOptions;
  /** The documents every transport parsed and validated, each parsed once. */
  readonly documents = new DocumentCache();
  private readonly rateLimiter: RateLimiter;
  private readonly errorFormatting: ErrorFormatting;
  /**
   * Each caller's credential, read and hashed once for its admission and all its operations'
   * upstream calls (a request's, or a connection's); gone with the caller.
   */
  private readonly identities = new WeakMap<Caller, AgentIdentity | GwsError>();

  constructor(options: GraphQLServiceOptions) {
    this.logger = options.logger;
    const { observer = {} } = options;
    this.validationRules = limitRules(options.limits);
    this.parseOptions = parseOptions(options.limits);
    this.errorFormatting = options.errors;
    this.rateLimiter = new RateLimiter(
      options.rateLimitPerMinute,
      options.rateLimitStore ?? new MemoryRateLimitStore(options.gws.maxAgentSessions),
    );
    this.gws = new GwsClient({
      ...options.gws,
      logger: this.logger.child({ component: 'gws' }),
      observer: { onUpstreamCall: (call) => observer.onUpstreamCall?.(call) },
    });
    const mapper = new WireMapper((field, value) =>
      this.logger.warn({ field, value }, 'GWS sent a value the schema has no name for'),
    );
    const projector = new EventProjector(mapper, (reason, notification) => {
      this.logger.warn({ reason }, 'GWS sent a notification the gateway cannot use');
      this.logger.debug({ notification }, 'unusable notification');
    });
    const fanoutLogger = this.logger.child({ component: 'fanout' });
    this.hub = new NotificationHub({
      upstream: gwsUpstream({
        gws: this.gws,
        project: (notification, upstreamSession) =>
          projector.project(notification, upstreamSession),
        snapshot: (session) => projector.snapshot(session),
        logger: fanoutLogger,
      }),
      identify: upstreamIdentity,
      queueCapacity: options.subscriberQueueCapacity,
      catchUpMs: options.subscriberCatchUpMs,
      graceMs: options.upstreamStreamGraceMs,
      log: options.eventLogStore ?? new MemoryEventLog<SmsSessionEventModel>(options.eventLog),
      coordinator: options.streamCoordinator,
      logger: fanoutLogger,
      observer: {
        onEventsQueued: (count) => observer.onEventsQueued?.(count),
        onSubscriberDropped: () => observer.onSubscriberDropped?.(),
      },
    });
    this.dependencies = {
      agentSession: (caller) => this.agentSession(caller),
      mapper,
      logger: this.logger,
      outcomeSettings: options.outcomes,
      budgetLimits: options.budget,
      onOutcome: (outcome) => observer.onOutcome?.(outcome),
      watchAgentEvents: (agent) => {
        // An outcome watcher reads as fast as events come; one that overflows just learns nothing.
        const events = this.hub.subscribe(agent, { onOverflow: () => undefined });
        return { events, ready: this.hub.whenConnected(agent), close: () => events.close() };
      },
    };
  }

  /**
   * The context of one query or mutation over HTTP.
   * @param signal aborted when the client closes the request.
   */
  httpContext(caller: Caller, signal: AbortSignal): Context {
    return createContext(this.dependencies, caller, signal);
  }

  /**
   * The context of one operation on an authenticated WebSocket connection.
   * @param signal aborted when the socket closes or the operation completes.
   * @param onSubscriptionLost called when a subscription of this connection is ended by the gateway:
   *   it fell too far behind, or the agent's upstream stream failed for good.
   */
  socketContext(
    caller: Caller,
    signal: AbortSignal,
    onSubscriptionLost: (reason: SubscriptionLoss) => void,
  ): Context {
    return createContext(this.dependencies, caller, signal, ({ sessionId, after }) =>
      this.hub.subscribe(this.agentSession(caller), {
        sessionId,
        after,
        onOverflow: () => onSubscriptionLost('too_slow'),
        onUpstreamFailure: (error) =>
          onSubscriptionLost(
            error.kind === 'unauthenticated' || error.kind === 'forbidden'
              ? 'credentials_rejected'
              : 'upstream_unavailable',
          ),
      }),
    );
  }

  /** Checks a connection's credential against GWS before the connection may subscribe. */
  async authenticateConnection(caller: Caller): Promise<ConnectionAuthentication> {
    if (!caller.authorization?.trim()) return { outcome: 'missing' };
    try {
      const session = this.agentSession(caller);
      await session.me();
      return { outcome: 'accepted', agent: session.key };
    } catch (error) {
      if (!(error instanceof GwsError)) throw error;
      if (error.kind === 'throttled') {
        return { outcome: 'throttled', retryAfterMs: error.retryAfterMs ?? 0 };
      }
      return { outcome: error.kind === 'unavailable' ? 'unavailable' : 'rejected' };
    }
  }

  /**
   * Counts one request against the caller's rate limit, keyed on the decoded credential so every
   * spelling of it shares one count. A request without a usable credential, which can still run
   * introspection, is counted against its origin (the client's address).
   */
  async admit(caller: Caller): Promise<RateDecision> {
    const identity = this.identity(caller);
    const key =
      identity instanceof GwsError ? `${ANONYMOUS_RATE_KEY_PREFIX}${caller.origin}` : identity.key;
    return this.rateLimiter.take(key);
  }

  /** @throws GwsError `unauthenticated` when the caller has no usable credential. */
  private agentSession(caller: Caller): AgentSession {
    const identity = this.identity(caller);
    if (identity instanceof GwsError) throw identity;
    return this.gws.agentSession(identity, caller.origin);
  }

  /** The caller's identity, or why it has none (GwsError `unauthenticated`). */
  private identity(caller: Caller): AgentIdentity | GwsError {
    let identity = this.identities.get(caller);
    if (identity === undefined) {
      try {
        identity = this.gws.identify(caller.authorization);
      } catch (error) {
        if (!(error instanceof GwsError)) throw error;
        identity = error;
      }
      this.identities.set(caller, identity);
    }
    return identity;
  }

  upstreamReachable(): Promise<boolean> {
    return this.gws.probe();
  }

  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    return formatError(formatted, error, this.logger, this.errorFormatting);
  }

  /** Counts for health and tests: upstream sessions, streams, subscribers. */
  stats(): { agentSessions: number } & HubStats {
    return { agentSessions: this.gws.agentSessionCount, ...this.hub.stats() };
  }

  async close(): Promise<void> {
    await this.hub.close();
    this.gws.close();
  }
}
