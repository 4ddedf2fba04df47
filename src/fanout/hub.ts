import type { Logger } from 'pino';
import type {
  AgentSession,
  GwsClient,
  GwsError,
  NotificationStream,
  NotificationStreamState,
  WireSmsNotification,
  WireSmsSession,
} from '../gws/index.js';
import { QueuedSubscription, type HubSubscription } from './subscription.js';

export interface NotificationHubOptions<TEvent extends { sessionId: string }> {
  /** Opens the agents' upstream notification streams. */
  gws: GwsClient;
  /** Turns one upstream notification into events; called once, not once per subscriber. */
  project(notification: WireSmsNotification): TEvent[];
  /** The event re-sending one session's whole state after an upstream reconnect. */
  snapshot(session: WireSmsSession): TEvent;
  /** Events held for one subscriber that has not taken them; one more disconnects it. */
  queueCapacity: number;
  /** An agent's upstream stream stays open this long after its last subscriber leaves, in ms. */
  graceMs: number;
  logger: Logger;
  /** Told of deliveries and drops, e.g. for metrics. */
  observer?: FanoutObserver | undefined;
}

/** What the hub tells about its traffic, without knowing who listens. */
export interface FanoutObserver {
  /** Events were queued for subscribers: one per subscriber that takes it. */
  onEventsQueued(count: number): void;
  /** A subscriber fell behind by a full queue and was ended. */
  onSubscriberDropped(): void;
}

export interface SubscribeOptions {
  /** Only this session's events; all of the agent's sessions when undefined. */
  sessionId?: string | undefined;
  /** Called once when the subscriber fell behind by a full queue and was ended. */
  onOverflow(): void;
  /** Called once when the agent's upstream stream ended for good and the subscriber with it. */
  onUpstreamFailure?(error: GwsError): void;
}

interface Subscriber<TEvent> {
  readonly sessionId: string | undefined;
  readonly options: SubscribeOptions;
  readonly queue: QueuedSubscription<TEvent>;
}

/** One agent's upstream stream and everyone listening to it. */
interface AgentFeed<TEvent> {
  readonly session: AgentSession;
  readonly stream: NotificationStream;
  readonly subscribers: Set<Subscriber<TEvent>>;
  /** Set while the feed has no subscriber and waits for one before closing its stream. */
  graceTimer: NodeJS.Timeout | undefined;
  /** Counts re-reads after reconnects, so a slow older one cannot overwrite a newer one. */
  resyncs: number;
  /** Whether the stream is subscribed upstream now. */
  connected: boolean;
  /** Live events held back while sessions are re-read after a reconnect. */
  heldDuringResync: TEvent[] | undefined;
  /** Told whether the stream got connected (true) or ended first (false). */
  readonly connectWaiters: Set<(connected: boolean) => void>;
}

/**
 * Shares one upstream notification stream per agent among all of that agent's subscribers, each
 * with its own bounded queue and session filter. Knows nothing of what the events are.
 */
export class NotificationHub<TEvent extends { sessionId: string }> {
  private readonly feeds = new Map<string, AgentFeed<TEvent>>();
  /** Streams being closed, so close() can wait for their disconnects. */
  private readonly closingStreams = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: NotificationHubOptions<TEvent>) {}

  /**
   * Subscribes to the agent's notifications, opening the agent's upstream stream if none is open.
   * @throws Error when the hub is closed.
   */
  subscribe(session: AgentSession, options: SubscribeOptions): HubSubscription<TEvent> {
    if (this.closed) throw new Error('The notification hub is closed.');
    const feed = this.feeds.get(session.key) ?? this.openFeed(session);
    clearTimeout(feed.graceTimer);
    feed.graceTimer = undefined;
    const subscriber: Subscriber<TEvent> = {
      sessionId: options.sessionId,
      options,
      queue: new QueuedSubscription<TEvent>(this.options.queueCapacity, () =>
        this.leave(feed, subscriber),
      ),
    };
    feed.subscribers.add(subscriber);
    return subscriber.queue;
  }

  /**
   * Resolves true once the agent's upstream stream is subscribed (at once if it is now), so nothing
   * GWS publishes from then on is missed; false when the agent has no stream or it ends first.
   */
  whenConnected(session: AgentSession): Promise<boolean> {
    const feed = this.feeds.get(session.key);
    if (!feed) return Promise.resolve(false);
    if (feed.connected) return Promise.resolve(true);
    return new Promise((resolve) => feed.connectWaiters.add(resolve));
  }

  /** Counts for tests and metrics; streams in their grace period count as open. */
  stats(): {
    agentStreams: number;
    agentStreamsByState: Record<NotificationStreamState, number>;
    subscribers: number;
    queuedEvents: number;
  } {
    let subscribers = 0;
    let queuedEvents = 0;
    const agentStreamsByState = { connecting: 0, connected: 0, reconnecting: 0, closed: 0 };
    for (const feed of this.feeds.values()) {
      subscribers += feed.subscribers.size;
      agentStreamsByState[feed.stream.state] += 1;
      for (const subscriber of feed.subscribers) queuedEvents += subscriber.queue.size;
    }
    return { agentStreams: this.feeds.size, agentStreamsByState, subscribers, queuedEvents };
  }

  /** Ends every subscription and closes every upstream stream. */
  async close(): Promise<void> {
    this.closed = true;
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    for (const feed of feeds) {
      clearTimeout(feed.graceTimer);
      for (const subscriber of feed.subscribers) subscriber.queue.close();
      this.closeStream(feed);
      settleConnectWaiters(feed, false);
    }
    await Promise.all(this.closingStreams);
  }

  private openFeed(session: AgentSession): AgentFeed<TEvent> {
    const feed: AgentFeed<TEvent> = {
      session,
      stream: this.options.gws.openNotificationStream(session, {
        onNotification: (_channel, notification) => this.publish(feed, notification),
        onConnected: () => {
          feed.connected = true;
          settleConnectWaiters(feed, true);
        },
        onInterrupted: () => {
          feed.connected = false;
        },
        onReconnected: () => void this.resync(feed),
        onFailure: (error) => this.fail(feed, error),
      }),
      subscribers: new Set(),
      graceTimer: undefined,
      resyncs: 0,
      connected: false,
      connectWaiters: new Set(),
      heldDuringResync: undefined,
    };
    this.feeds.set(session.key, feed);
    return feed;
  }

  private publish(feed: AgentFeed<TEvent>, notification: WireSmsNotification): void {
    if (feed.subscribers.size === 0) return;
    let events: TEvent[];
    try {
      events = this.options.project(notification);
    } catch (error) {
      this.options.logger.error({ agent: feed.session.key, err: error }, 'projection failed');
      return;
    }
    const held = feed.heldDuringResync;
    if (held) {
      held.push(...events);
      if (held.length <= this.options.queueCapacity) return;
      // Too many to hold: send them in order now, and hold what comes next.
      feed.heldDuringResync = [];
      events = held;
    }
    for (const event of events) this.dispatch(feed, event);
  }

  /**
   * After an upstream reconnect: notifications may have been missed, so re-send every session.
   * Live events that arrive while the sessions are read are held and sent after the snapshots, so
   * an older snapshot never overwrites a newer change (up to a queue's worth, then they flow).
   */
  private async resync(feed: AgentFeed<TEvent>): Promise<void> {
    const resync = ++feed.resyncs;
    feed.heldDuringResync ??= [];
    let sessions: WireSmsSession[] = [];
    try {
      sessions = await feed.session.listSmsSessions();
    } catch (error) {
      this.options.logger.warn(
        { agent: feed.session.key, err: (error as Error).message },
        'sessions not re-read after an upstream reconnect',
      );
    }
    if (resync !== feed.resyncs || this.feeds.get(feed.session.key) !== feed) return;
    const held = feed.heldDuringResync ?? [];
    feed.heldDuringResync = undefined;
    this.sendSnapshots(feed, sessions);
    for (const event of held) this.dispatch(feed, event);
  }

  private sendSnapshots(feed: AgentFeed<TEvent>, sessions: WireSmsSession[]): void {
    for (const session of sessions) {
      let event: TEvent;
      try {
        event = this.options.snapshot(session);
      } catch (error) {
        this.options.logger.error({ agent: feed.session.key, err: error }, 'snapshot failed');
        continue;
      }
      this.dispatch(feed, event);
    }
  }

  private dispatch(feed: AgentFeed<TEvent>, event: TEvent): void {
    let queued = 0;
    for (const subscriber of feed.subscribers) {
      if (subscriber.sessionId !== undefined && subscriber.sessionId !== event.sessionId) continue;
      if (subscriber.queue.offer(event)) {
        queued += 1;
        continue;
      }
      // Deleting the current element while iterating a Set is safe: iteration goes on after it.
      subscriber.queue.close();
      this.options.logger.warn(
        { agent: feed.session.key, queueCapacity: this.options.queueCapacity },
        'subscriber fell behind and was disconnected',
      );
      this.options.observer?.onSubscriberDropped();
      this.notify(() => subscriber.options.onOverflow());
    }
    if (queued > 0) this.options.observer?.onEventsQueued(queued);
  }

  private fail(feed: AgentFeed<TEvent>, error: GwsError): void {
    if (this.feeds.get(feed.session.key) === feed) this.feeds.delete(feed.session.key);
    clearTimeout(feed.graceTimer);
    this.options.logger.warn(
      { agent: feed.session.key, kind: error.kind, subscribers: feed.subscribers.size },
      'upstream notification stream failed; ending its subscribers',
    );
    for (const subscriber of feed.subscribers) {
      subscriber.queue.close();
      this.notify(() => subscriber.options.onUpstreamFailure?.(error));
    }
    settleConnectWaiters(feed, false);
  }

  private leave(feed: AgentFeed<TEvent>, subscriber: Subscriber<TEvent>): void {
    feed.subscribers.delete(subscriber);
    if (feed.subscribers.size > 0 || this.feeds.get(feed.session.key) !== feed) return;
    feed.graceTimer = setTimeout(() => {
      feed.graceTimer = undefined;
      this.feeds.delete(feed.session.key);
      this.closeStream(feed);
      settleConnectWaiters(feed, false);
    }, this.options.graceMs);
  }

  private closeStream(feed: AgentFeed<TEvent>): void {
    const closing = feed.stream.close().finally(() => this.closingStreams.delete(closing));
    this.closingStreams.add(closing);
  }

  /** Runs a subscriber's callback; its failure is logged and harms no one else. */
  private notify(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.options.logger.error({ err: error }, 'subscriber callback failed');
    }
  }
}

function settleConnectWaiters<TEvent>(feed: AgentFeed<TEvent>, connected: boolean): void {
  for (const waiter of feed.connectWaiters) waiter(connected);
  feed.connectWaiters.clear();
}
