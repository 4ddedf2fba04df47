import type { Logger } from 'pino';
import type { Cluster } from '../cluster/index.js';
import {
  MemoryEventLog,
  NotificationHub,
  type HubStats,
  type HubSubscription,
  type LoggedEvent,
  type SubscribeOptions,
} from '../fanout/index.js';
import {
  AGENT_CHANNELS_TOPIC,
  EventProjector,
  WireMapper,
  createContext,
  DirectoryCache,
  gwsUpstream,
  heldAgentEvents,
  retryAfterSeconds,
  upstreamIdentity,
  type Caller,
  type Context,
  type ContextDependencies,
  type AgentChannelEventModel,
  type AgentEventModel,
  type SmsSessionEventModel,
} from '../graphql/index.js';
import { GwsClient, GwsError, type AgentIdentity, type AgentSession } from '../gws/index.js';
import type { GatewayMetrics } from '../metrics/index.js';
import type { CoreOptions } from './options.js';
import { refusal, type Refusal } from './refusals.js';

/** The outcome of checking a streaming connection's credential with GWS. */
export type Authentication =
  /** `agent`: the agent's key, a keyed hash of its credential however the client spells it. */
  { outcome: 'accepted'; agent: string } | { outcome: 'refused'; refusal: Refusal };

/** Told once a subscription of the operation was ended by the gateway, and why. */
type SubscriptionLost = (loss: Refusal) => void;

/** Counts for health and tests: upstream sessions, streams, subscribers. */
export type AgentStats = { agentSessions: number } & HubStats;

/**
 * Rate-limit keys of requests without a usable credential: their origin after this prefix, apart
 * from the credential hashes (hex) that key agents.
 */
const ANONYMOUS_KEY_PREFIX = 'origin:';

export interface AgentsOptions {
  options: CoreOptions;
  logger: Logger;
  metrics: GatewayMetrics;
  cluster: Cluster<AgentEventModel> | undefined;
}

/**
 * The agents behind the callers: each one's GWS session (one per credential, however spelled),
 * its events shared by all its subscribers, and the contexts its operations run in.
 */
export class Agents {
  private readonly gws: GwsClient;
  private readonly hub: NotificationHub<AgentEventModel, AgentSession, GwsError>;
  private readonly dependencies: ContextDependencies;
  /**
   * Each caller's credential, read and hashed once for its admission and all its operations'
   * upstream calls (a request's, or a connection's); gone with the caller.
   */
  private readonly identities = new WeakMap<Caller, AgentIdentity | GwsError>();

  constructor({ options, logger, metrics, cluster }: AgentsOptions) {
    this.gws = new GwsClient({
      ...options.gws,
      ...cluster?.gws,
      logger: logger.child({ component: 'gws' }),
      observer: { onUpstreamCall: (call) => metrics.onUpstreamCall(call) },
    });
    const mapper = new WireMapper((field, value) =>
      logger.warn({ field, value }, 'GWS sent a value the schema has no name for'),
    );
    const projector = new EventProjector(mapper, (reason, notification) => {
      logger.warn({ reason }, 'GWS sent a notification the gateway cannot use');
      logger.debug({ notification }, 'unusable notification');
    });
    const fanoutLogger = logger.child({ component: 'fanout' });
    this.hub = new NotificationHub({
      upstream: gwsUpstream<AgentEventModel>({
        gws: this.gws,
        project: (notification, upstreamSession) =>
          projector.project(notification, upstreamSession),
        channelStates: {
          topic: AGENT_CHANNELS_TOPIC,
          project: (notification) => projector.projectChannelState(notification),
          snapshot: (channels) => projector.channelSnapshot(channels),
        },
        snapshot: (session) => projector.snapshot(session),
        logger: fanoutLogger,
      }),
      identify: upstreamIdentity,
      queueCapacity: options.subscribers.queueCapacity,
      catchUpMs: options.subscribers.catchUpMs,
      graceMs: options.subscribers.upstreamGraceMs,
      log:
        cluster?.eventLog ?? new MemoryEventLog<AgentEventModel>(options.eventLog, heldAgentEvents),
      coordinator: cluster?.coordinator,
      logger: fanoutLogger,
      observer: {
        onEventsQueued: (count) => metrics.onEventsQueued(count),
        onSubscriberDropped: () => metrics.onSubscriberDropped(),
      },
    });
    this.dependencies = {
      agentSession: (caller) => this.session(caller),
      mapper,
      logger,
      outcomeSettings: options.outcomes,
      budgetLimits: options.budget,
      onOutcome: (outcome) => metrics.onOutcome(outcome),
      directoryCache: new DirectoryCache(options.directoryCache),
      watchAgentEvents: (agent) => {
        // An outcome watcher reads as fast as events come; one that overflows just learns nothing.
        const events = ofTopic<SmsSessionEventModel>(
          this.hub.subscribe(agent, { onOverflow: () => undefined }),
        );
        return { events, ready: this.hub.whenConnected(agent), close: () => events.close() };
      },
    };
  }

  /**
   * The context of one operation of the caller.
   * @param signal aborted when the client goes away or completes the operation.
   * @param onLost given where the transport carries subscriptions (a WebSocket, an event stream):
   *   told when the gateway ends one (too slow, or the agent's upstream stream failed for good).
   * @param resumeAfter the cursor a subscription resumes after when its `after` argument names
   *   none: a reconnecting event stream's `Last-Event-ID`.
   */
  context(
    caller: Caller,
    signal: AbortSignal,
    onLost?: SubscriptionLost,
    resumeAfter?: string,
  ): Context {
    if (!onLost) return createContext(this.dependencies, caller, signal);
    const losses: Pick<SubscribeOptions<GwsError>, 'onOverflow' | 'onUpstreamFailure'> = {
      onOverflow: () => onLost(refusal('subscriber_too_slow')),
      onUpstreamFailure: (error) =>
        onLost(
          refusal(
            error.kind === 'unauthenticated' || error.kind === 'forbidden'
              ? 'subscription_forbidden'
              : 'subscription_upstream_unavailable',
          ),
        ),
    };
    return createContext(this.dependencies, caller, signal, {
      sessionEvents: ({ sessionId, after }) =>
        ofTopic<SmsSessionEventModel>(
          this.hub.subscribe(this.session(caller), {
            sessionId,
            after: after ?? resumeAfter,
            ...losses,
          }),
        ),
      channelEvents: () =>
        ofTopic<AgentChannelEventModel>(
          this.hub.subscribe(this.session(caller), { topic: AGENT_CHANNELS_TOPIC, ...losses }),
        ),
    });
  }

  /** Checks a streaming connection's credential with GWS before it may subscribe. */
  async authenticate(caller: Caller): Promise<Authentication> {
    if (!caller.authorization?.trim()) {
      return { outcome: 'refused', refusal: refusal('missing_credentials') };
    }
    try {
      const session = this.session(caller);
      await session.me();
      return { outcome: 'accepted', agent: session.key };
    } catch (error) {
      if (!(error instanceof GwsError)) throw error;
      switch (error.kind) {
        case 'throttled': {
          const retryAfter = retryAfterSeconds(error.retryAfterMs ?? 0);
          return { outcome: 'refused', refusal: refusal('sign_in_throttled', { retryAfter }) };
        }
        case 'unavailable':
          return { outcome: 'refused', refusal: refusal('upstream_unavailable') };
        default:
          return { outcome: 'refused', refusal: refusal('credentials_rejected') };
      }
    }
  }

  /**
   * What the caller's requests are counted under: its decoded credential, so every spelling of it
   * shares one count, or without a usable one (introspection still runs) its origin.
   */
  rateKey(caller: Caller): string {
    const identity = this.identity(caller);
    return identity instanceof GwsError ? `${ANONYMOUS_KEY_PREFIX}${caller.origin}` : identity.key;
  }

  /** Whether GWS answers at all (an unauthenticated probe answered 401 is up). */
  reachable(): Promise<boolean> {
    return this.gws.probe();
  }

  stats(): AgentStats {
    return { agentSessions: this.gws.agentSessionCount, ...this.hub.stats() };
  }

  async close(): Promise<void> {
    await this.hub.close();
    this.gws.close();
  }

  /** @throws GwsError `unauthenticated` when the caller has no usable credential. */
  private session(caller: Caller): AgentSession {
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
}

/**
 * A subscription as the events of its topic: the fan-out hands a subscriber only events of the
 * topic it subscribed to (SMS session events when it names none).
 */
function ofTopic<TEvent extends AgentEventModel>(
  subscription: HubSubscription<LoggedEvent<AgentEventModel>>,
): HubSubscription<LoggedEvent<TEvent>> {
  return subscription as unknown as HubSubscription<LoggedEvent<TEvent>>;
}
