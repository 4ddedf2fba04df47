import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { NotificationHub } from '../fanout/index.js';
import { GwsClient, GwsError, type GwsClientOptions } from '../gws/index.js';
import {
  createContext,
  type Context,
  type ContextDependencies,
  type OutcomeSettings,
} from './context.js';
import { formatError } from './errors.js';
import { EventProjector, type SmsSessionEventModel } from './events.js';
import { WireMapper } from './model.js';
import { createSchema } from './schema.js';

export interface GraphQLServiceOptions {
  gws: Omit<GwsClientOptions, 'logger'>;
  /** Events held for one subscriber that has not taken them yet; past this it is disconnected. */
  subscriberQueueCapacity: number;
  /** An agent's upstream notification stream stays open this long after its last subscriber leaves. */
  upstreamStreamGraceMs: number;
  outcomes: OutcomeSettings;
  logger: Logger;
}

/** Why the gateway ended a subscription. */
export type SubscriptionLoss = 'too_slow' | 'credentials_rejected' | 'upstream_unavailable';

/** The outcome of checking a WebSocket connection's credential. */
export type ConnectionAuthentication = 'accepted' | 'missing' | 'rejected' | 'unavailable';

/** What a transport needs to serve the schema: contexts, authentication and error formatting. */
export class GraphQLService {
  readonly schema: GraphQLSchema = createSchema();
  private readonly gws: GwsClient;
  private readonly hub: NotificationHub<SmsSessionEventModel>;
  private readonly logger: Logger;
  private readonly dependencies: ContextDependencies;

  constructor(options: GraphQLServiceOptions) {
    this.logger = options.logger;
    this.gws = new GwsClient({ ...options.gws, logger: this.logger.child({ component: 'gws' }) });
    const mapper = new WireMapper((field, value) =>
      this.logger.warn({ field, value }, 'GWS sent a value the schema has no name for'),
    );
    const projector = new EventProjector(mapper, (reason, notification) => {
      this.logger.warn({ reason }, 'GWS sent a notification the gateway cannot use');
      this.logger.debug({ notification }, 'unusable notification');
    });
    this.hub = new NotificationHub<SmsSessionEventModel>({
      gws: this.gws,
      project: (notification) => projector.project(notification),
      snapshot: (session) => projector.snapshot(session),
      queueCapacity: options.subscriberQueueCapacity,
      graceMs: options.upstreamStreamGraceMs,
      logger: this.logger.child({ component: 'fanout' }),
    });
    this.dependencies = {
      gws: this.gws,
      mapper,
      logger: this.logger,
      outcomeSettings: options.outcomes,
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
  httpContext(authorization: string | undefined, signal: AbortSignal): Context {
    return createContext(this.dependencies, authorization, signal);
  }

  /**
   * The context of one operation on an authenticated WebSocket connection.
   * @param signal aborted when the socket closes or the operation completes.
   * @param onSubscriptionLost called when a subscription of this connection is ended by the gateway:
   *   it fell too far behind, or the agent's upstream stream failed for good.
   */
  socketContext(
    authorization: string,
    signal: AbortSignal,
    onSubscriptionLost: (reason: SubscriptionLoss) => void,
  ): Context {
    return createContext(this.dependencies, authorization, signal, (sessionId) =>
      this.hub.subscribe(this.gws.agentSession(authorization), {
        sessionId,
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
  async authenticateConnection(
    authorization: string | undefined,
  ): Promise<ConnectionAuthentication> {
    if (!authorization?.trim()) return 'missing';
    try {
      await this.gws.agentSession(authorization).me();
      return 'accepted';
    } catch (error) {
      if (!(error instanceof GwsError)) throw error;
      return error.kind === 'unauthenticated' || error.kind === 'forbidden'
        ? 'rejected'
        : 'unavailable';
    }
  }

  upstreamReachable(): Promise<boolean> {
    return this.gws.probe();
  }

  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    return formatError(formatted, error, this.logger);
  }

  /** Counts for health and tests: upstream sessions, streams, subscribers. */
  stats(): { agentSessions: number } & ReturnType<NotificationHub<SmsSessionEventModel>['stats']> {
    return { agentSessions: this.gws.agentSessionCount, ...this.hub.stats() };
  }

  async close(): Promise<void> {
    await this.hub.close();
    this.gws.close();
  }
}
