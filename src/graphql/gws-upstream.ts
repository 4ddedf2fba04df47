import type { Logger } from 'pino';
import type { AgentStreamHandlers, AgentUpstream } from '../fanout/index.js';
import {
  GwsError,
  type AgentSession,
  type GwsClient,
  type NotificationStreamHandlers,
  type WireChannel,
  type WireChannelStateNotification,
  type WireSmsNotification,
  type WireSmsSession,
} from '../gws/index.js';
import { carriedAlong } from '../telemetry/index.js';

export interface GwsUpstreamOptions<TEvent> {
  gws: GwsClient;
  /**
   * Turns one notification into events; called once, not once per subscriber. Also told the
   * upstream session the notification came in.
   */
  project(notification: WireSmsNotification, upstreamSession: string | undefined): TEvent[];
  /** The agent's channel states as events of a topic of their own; without it, none. */
  channelStates?: ChannelStateEvents<TEvent>;
  /** The event re-sending one session's whole state after a gap. */
  snapshot(session: WireSmsSession): TEvent;
  logger: Logger;
}

export interface ChannelStateEvents<TEvent> {
  /** The topic of the events; its snapshot is read only while someone subscribes to it. */
  topic: string;
  /** Turns a notification of the agent's channel states into events, once. */
  project(notification: WireChannelStateNotification): TEvent[];
  /** The event re-sending every channel's state after a gap. */
  snapshot(channels: WireChannel[]): TEvent;
}

/** GWS as the notification hub's upstream: each agent's CometD stream and session list, as events. */
export function gwsUpstream<TEvent>(
  options: GwsUpstreamOptions<TEvent>,
): AgentUpstream<AgentSession, TEvent, GwsError> {
  const { gws, channelStates, snapshot, logger } = options;
  return {
    openStream: (session, handlers) =>
      gws.openNotificationStream(session, new ProjectedStream(session, handlers, options)),
    readSnapshot: async (session, topics) => {
      const channelsRead =
        channelStates && topics.has(channelStates.topic)
          ? readChannelSnapshot(session, channelStates, logger)
          : Promise.resolve([]);
      let sessions: WireSmsSession[];
      try {
        sessions = await session.listSmsSessions();
      } catch (error) {
        await channelsRead;
        if (error instanceof GwsError) return { outcome: 'failed', failure: error };
        throw error;
      }
      // A session that cannot be made into a snapshot is logged and left out.
      const events = sessions.flatMap((listed) => {
        try {
          return [snapshot(listed)];
        } catch (error) {
          logger.error({ agent: session.key, err: error }, 'snapshot failed');
          return [];
        }
      });
      return { outcome: 'read', events: [...events, ...(await channelsRead)] };
    },
  };
}

/**
 * What an agent's notification stream tells, as the hub's handlers take it: notifications as
 * events, projected once; the rest passed on. One object per agent stream, its methods shared.
 */
class ProjectedStream<TEvent> implements NotificationStreamHandlers {
  constructor(
    private readonly session: AgentSession,
    private readonly handlers: AgentStreamHandlers<TEvent, GwsError>,
    private readonly options: GwsUpstreamOptions<TEvent>,
  ) {}

  onNotification(
    _channel: string,
    notification: WireSmsNotification,
    upstreamSession: string | undefined,
  ): void {
    this.emit(notification, () => this.options.project(notification, upstreamSession));
  }

  onChannelState(_channel: string, notification: WireChannelStateNotification): void {
    const { channelStates } = this.options;
    if (channelStates) this.emit(notification, () => channelStates.project(notification));
  }

  onConnected(): void {
    this.handlers.onConnected();
  }

  onInterrupted(): void {
    this.handlers.onInterrupted();
  }

  onReconnected(): void {
    this.handlers.onReconnected();
  }

  onFailure(error: GwsError): void {
    this.handlers.onFailure(error);
  }

  private emit(notification: object, projection: () => TEvent[]): void {
    let events: TEvent[];
    try {
      events = projection();
    } catch (error) {
      this.options.logger.error({ agent: this.session.key, err: error }, 'projection failed');
      return;
    }
    carriedAlong(notification, events);
    this.handlers.onEvents(events);
  }
}

/**
 * The agent's channels as a snapshot event, read beside the sessions; channels that cannot be
 * read are logged and left out, as the sessions' snapshot stands without them.
 */
async function readChannelSnapshot<TEvent>(
  session: AgentSession,
  channelStates: ChannelStateEvents<TEvent>,
  logger: Logger,
): Promise<TEvent[]> {
  try {
    return [channelStates.snapshot(await session.listChannels())];
  } catch (error) {
    logger.warn({ agent: session.key, err: (error as Error).message }, 'channels not re-read');
    return [];
  }
}
