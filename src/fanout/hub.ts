import type { Logger } from 'pino';
import {
  GwsError,
  type AgentSession,
  type GwsClient,
  type NotificationStream,
  type NotificationStreamState,
  type WireSmsNotification,
  type WireSmsSession,
} from '../gws/index.js';
import type { StreamCoordinator, StreamMembership } from './coordinator.js';
import type { EventLog } from './event-log.js';
import { RecentIdentities, type RecentIdentitiesBounds } from './recent-identities.js';
import { QueuedSubscription, type BacklogLimits, type HubSubscription } from './subscription.js';

/** An event as subscribers receive it: with the cursor of its place in the agent's event log. */
export type LoggedEvent<TEvent> = TEvent & { readonly cursor: string };

export interface NotificationHubOptions<TEvent extends { sessionId: string }> {
  /** Opens the agents' upstream notification streams. */
  gws: GwsClient;
  /**
   * Turns one upstream notification into events; called once, not once per subscriber. Also told
   * the upstream session the notification came in, opaque to the hub.
   */
  project(notification: WireSmsNotification, upstreamSession: string | undefined): TEvent[];
  /** The event re-sending one session's whole state after an upstream reconnect. */
  snapshot(session: WireSmsSession): TEvent;
  /**
   * What identifies the upstream notification an event carries, alike for every copy of it
   * (whichever process's stream it came in, whichever log it was read from); undefined for an
   * event that copies nothing upstream, such as a snapshot, which is never dropped. With a
   * coordinator, an event whose identity came by another path within a window of the agent's
   * recent events is a copy, and is dropped. Default: none is dropped.
   */
  identify?(event: TEvent): string | undefined;
  /**
   * Events a subscriber may leave untaken however long; more may wait only `catchUpMs` (see
   * {@link BacklogLimits}). Also bounds an agent's events waiting to be logged: beyond it they are
   * left out, and its sessions re-sent.
   */
  queueCapacity: number;
  /** How long a subscriber's events beyond `queueCapacity` may wait untaken, in ms. */
  catchUpMs: number;
  /** An agent's upstream stream stays open this long after its last subscriber leaves, in ms. */
  graceMs: number;
  /**
   * Every event sent to an agent's subscribers, RESYNC snapshots included, in the order sent, so a
   * subscriber that resumes after a cursor receives exactly what it would have received.
   */
  log: EventLog<TEvent>;
  /**
   * Shares each agent's upstream stream with other processes: only the one it names the holder
   * opens it, the others receive its logged events. Default: none, every agent's stream is here.
   */
  coordinator?: StreamCoordinator<TEvent> | undefined;
  logger: Logger;
  /** Told of deliveries and drops, e.g. for metrics. */
  observer?: FanoutObserver | undefined;
}

/** What the hub tells about its traffic, without knowing who listens. */
export interface FanoutObserver {
  /** Events were queued for subscribers: one per subscriber that takes it. */
  onEventsQueued(count: number): void;
  /** A subscriber fell too far behind for too long and was ended. */
  onSubscriberDropped(): void;
}

export interface SubscribeOptions {
  /** Only this session's events; all of the agent's sessions when undefined. */
  sessionId?: string | undefined;
  /**
   * Resume after this cursor: the logged events after it first, then live ones. A cursor the log
   * cannot honour gets a snapshot of every session (of `sessionId`) instead. Live only when undefined.
   */
  after?: string | undefined;
  /** Called once when the subscriber fell too far behind for too long and was ended. */
  onOverflow(): void;
  /**
   * Called once when the agent's upstream stream ended for good and the subscriber with it, or
   * when the sessions to resume with could not be read.
   */
  onUpstreamFailure?(error: GwsError): void;
}

/**
 * Copies meet around a change of path: a replica's own stream and the holder's log carry the same
 * notifications for a lease renewal or so, plus the log's backlog (a queue's worth at most).
 */
const RECENT_IDENTITY_BOUNDS: RecentIdentitiesBounds = { maxEntries: 1_024, maxAgeMs: 30_000 };
/** The path of the events followed through the log; this process's own streams count from 1. */
const FOLLOWED_PATH = 0;

interface Subscriber<TEvent> {
  readonly sessionId: string | undefined;
  readonly options: SubscribeOptions;
  readonly queue: QueuedSubscription<LoggedEvent<TEvent>>;
  /**
   * A resuming subscriber's newest place already sent (its last replayed event, or the head its
   * snapshot carries): no event at or before it is sent again. Undefined until it is known.
   */
  floor: string | undefined;
}

/** One agent's events, from its upstream stream or another process's, and everyone listening. */
interface AgentFeed<TEvent> {
  readonly session: AgentSession;
  /** The agent's upstream stream, while this process holds it. */
  stream: NotificationStream | undefined;
  /** This process's part in the coordinator's decision of who holds the stream, if any. */
  membership: StreamMembership | undefined;
  readonly subscribers: Set<Subscriber<TEvent>>;
  /** Set while the feed has no subscriber and waits for one before closing its stream. */
  graceTimer: NodeJS.Timeout | undefined;
  /** Counts re-reads after reconnects, so a slow older one cannot overwrite a newer one. */
  resyncs: number;
  /** Whether the stream is subscribed upstream now. */
  connected: boolean;
  /** Live events held back while sessions are re-read after a reconnect. */
  heldDuringResync: TEvent[] | undefined;
  /**
   * Whether subscribers may have missed events before this stream opened: the agent's log held
   * events then, or the feed followed another process's stream until then.
   */
  gapBefore: Promise<boolean>;
  /** Whether the feed has followed another process's stream. */
  followed: boolean;
  /** The cursor of the newest logged event sent, with a coordinator: none older is sent again. */
  lastCursor: string | undefined;
  /**
   * The identities of the agent's recent events and the path each came by, with a coordinator
   * and `identify`: around a change of path, the same notification comes by both.
   */
  readonly recent: RecentIdentities | undefined;
  /** The path of the agent's upstream stream opened here last: each stream is a path of its own. */
  streamPath: number;
  /** Whether the stream was ever subscribed upstream. */
  everConnected: boolean;
  /** The tail of the chain that logs events one after another, then sends them. */
  logged: Promise<void>;
  /** Events in that chain not yet sent. */
  pendingRecords: number;
  /** Whether live events were left out because the chain was full: a resync follows its drain. */
  behind: boolean;
  /** Settles once this process holds or follows the stream (at once without a coordinator). */
  readonly roleDecided: Promise<void>;
  /** Settles `roleDecided`; also when the feed ends, so nothing waits on it forever. */
  readonly decideRole: () => void;
  /** Told whether the stream got connected (true) or ended first (false). */
  readonly connectWaiters: Set<(connected: boolean) => void>;
}

/**
 * Shares one upstream notification stream per agent among all of that agent's subscribers, each
 * with its own bounded queue and session filter. Knows nothing of what the events are.
 */
export class NotificationHub<TEvent extends { sessionId: string }> {
  private readonly feeds = new Map<string, AgentFeed<TEvent>>();
  /** Streams being closed and streams being given up, so close() can wait for them. */
  private readonly closing = new Set<Promise<void>>();
  private closed = false;
  private readonly backlog: BacklogLimits;
  /** The path of the next upstream stream opened here. */
  private nextStreamPath = FOLLOWED_PATH + 1;

  constructor(private readonly options: NotificationHubOptions<TEvent>) {
    this.backlog = { capacity: options.queueCapacity, catchUpMs: options.catchUpMs };
  }

  /**
   * Subscribes to the agent's notifications, opening the agent's upstream stream if none is open.
   * @throws Error when the hub is closed.
   */
  subscribe(
    session: AgentSession,
    options: SubscribeOptions,
  ): HubSubscription<LoggedEvent<TEvent>> {
    if (this.closed) throw new Error('The notification hub is closed.');
    const feed = this.feeds.get(session.key) ?? this.openFeed(session);
    clearTimeout(feed.graceTimer);
    feed.graceTimer = undefined;
    const subscriber: Subscriber<TEvent> = {
      sessionId: options.sessionId,
      options,
      queue: new QueuedSubscription<LoggedEvent<TEvent>>({
        backlog: this.backlog,
        onEnd: () => this.leave(feed, subscriber),
        onTooSlow: () => this.dropped(feed, subscriber),
        held: options.after !== undefined,
      }),
      floor: undefined,
    };
    // Joined before the log is read: live events from now on wait in the held queue, so none falls
    // between the replay and the live stream; those not after the replay's end (or the snapshot's
    // head) are dropped, now and later.
    feed.subscribers.add(subscriber);
    if (options.after !== undefined) void this.catchUp(feed, subscriber, options.after);
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
    /** Agents whose events come from the process that holds their stream. */
    followedAgents: number;
    subscribers: number;
    queuedEvents: number;
  } {
    let subscribers = 0;
    let queuedEvents = 0;
    let agentStreams = 0;
    const agentStreamsByState = { connecting: 0, connected: 0, reconnecting: 0, closed: 0 };
    for (const feed of this.feeds.values()) {
      subscribers += feed.subscribers.size;
      if (feed.stream) {
        agentStreams += 1;
        agentStreamsByState[feed.stream.state] += 1;
      }
      for (const subscriber of feed.subscribers) queuedEvents += subscriber.queue.size;
    }
    return {
      agentStreams,
      agentStreamsByState,
      followedAgents: this.feeds.size - agentStreams,
      subscribers,
      queuedEvents,
    };
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
      this.leaveCoordinator(feed);
      settleConnectWaiters(feed, false);
      feed.decideRole();
    }
    await Promise.all(this.closing);
  }

  private openFeed(session: AgentSession): AgentFeed<TEvent> {
    let decideRole = () => undefined as void;
    const roleDecided = new Promise<void>((resolve) => (decideRole = resolve));
    const feed: AgentFeed<TEvent> = {
      session,
      stream: undefined,
      membership: undefined,
      subscribers: new Set(),
      graceTimer: undefined,
      resyncs: 0,
      connected: false,
      connectWaiters: new Set(),
      heldDuringResync: undefined,
      gapBefore: Promise.resolve(false),
      followed: false,
      lastCursor: undefined,
      streamPath: FOLLOWED_PATH,
      recent:
        this.options.coordinator && this.options.identify
          ? new RecentIdentities(RECENT_IDENTITY_BOUNDS)
          : undefined,
      everConnected: false,
      logged: Promise.resolve(),
      pendingRecords: 0,
      behind: false,
      roleDecided,
      decideRole,
    };
    this.feeds.set(session.key, feed);
    const { coordinator } = this.options;
    if (!coordinator) {
      this.openStream(feed);
      decideRole();
      return feed;
    }
    // A role may be decided after the feed has closed: it is then ignored.
    const current = () => this.feeds.get(session.key) === feed;
    feed.membership = coordinator.join(session.key, {
      hold: () => {
        if (current()) this.openStream(feed);
        decideRole();
      },
      follow: () => {
        if (current()) this.follow(feed);
        decideRole();
      },
      event: ({ cursor, event }) => {
        if (current() && this.isNew(feed, event, FOLLOWED_PATH)) {
          this.dispatch(feed, { ...event, cursor });
        }
      },
      resync: (head) => (current() ? this.resyncFollowed(feed, head) : Promise.resolve()),
    });
    return feed;
  }

  /** Opens the agent's upstream stream here; one opened after a gap resyncs once connected. */
  private openStream(feed: AgentFeed<TEvent>): void {
    if (feed.stream) return;
    const key = feed.session.key;
    feed.streamPath = this.nextStreamPath++;
    feed.everConnected = false;
    feed.gapBefore = feed.followed
      ? Promise.resolve(true)
      : this.options.log.hasHistory(key).catch((error: unknown) => {
          this.options.logger.error({ agent: key, err: error }, 'event log not read');
          return false;
        });
    const stream: NotificationStream = this.options.gws.openNotificationStream(feed.session, {
      onNotification: (_channel, notification, upstreamSession) => {
        if (feed.stream === stream) this.publish(feed, notification, upstreamSession);
      },
      onConnected: () => {
        if (feed.stream !== stream) return;
        feed.connected = true;
        settleConnectWaiters(feed, true);
        if (!feed.everConnected) this.resyncAfterGap(feed);
        feed.everConnected = true;
      },
      onInterrupted: () => {
        if (feed.stream === stream) feed.connected = false;
      },
      onReconnected: () => {
        if (feed.stream === stream) void this.resync(feed);
      },
      onFailure: (error) => {
        if (feed.stream === stream) this.fail(feed, error);
      },
    });
    feed.stream = stream;
  }

  /**
   * Another process holds the agent's stream: this one's closes, and the holder's events, which
   * the coordinator hands to {@link dispatch} from now on, are all that subscribers receive.
   */
  private follow(feed: AgentFeed<TEvent>): void {
    this.closeStream(feed);
    feed.followed = true;
    // A re-read in flight is not sent: the holder sends its own.
    feed.resyncs += 1;
    feed.heldDuringResync = undefined;
    feed.connected = true;
    settleConnectWaiters(feed, true);
  }

  /** Projects and sends a notification; also in the grace period, as the log keeps it. */
  private publish(
    feed: AgentFeed<TEvent>,
    notification: WireSmsNotification,
    upstreamSession: string | undefined,
  ): void {
    let events: TEvent[];
    try {
      events = this.options.project(notification, upstreamSession);
    } catch (error) {
      this.options.logger.error({ agent: feed.session.key, err: error }, 'projection failed');
      return;
    }
    if (feed.behind || feed.pendingRecords >= this.options.queueCapacity) {
      // The log is slower than the agent's events: rather than queue them without bound, they are
      // left out, and every session is re-sent once the log has caught up.
      if (!feed.behind) {
        this.options.logger.warn(
          { agent: feed.session.key, queueCapacity: this.options.queueCapacity },
          'event log fell behind; resyncing once it catches up',
        );
      }
      feed.behind = true;
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
    for (const event of events) this.record(feed, event);
  }

  /**
   * The agent's log holds events from before this stream opened, or the feed followed another
   * process's stream until it did, and GWS's notifications while no stream was open here are
   * lost: sessions are re-read as after a reconnect, so no subscriber is left stale.
   */
  private resyncAfterGap(feed: AgentFeed<TEvent>): void {
    void feed.gapBefore.then((gapBefore) => {
      const current = this.feeds.get(feed.session.key) === feed && feed.stream !== undefined;
      if (gapBefore && current) void this.resync(feed);
    });
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
    for (const event of [...this.snapshots(feed, sessions), ...held]) this.record(feed, event);
  }

  /**
   * The followed events have a gap the log no longer holds: every session is re-sent carrying the
   * log's head, as to a resuming subscriber whose cursor cannot be honoured.
   */
  private async resyncFollowed(feed: AgentFeed<TEvent>, head: string): Promise<void> {
    let snapshots: LoggedEvent<TEvent>[] = [];
    try {
      snapshots = await this.snapshotsAt(feed, head);
    } catch (error) {
      this.options.logger.warn(
        { agent: feed.session.key, err: (error as Error).message },
        'sessions not re-read after a gap in the followed events',
      );
    }
    if (this.feeds.get(feed.session.key) !== feed) return;
    for (const snapshot of snapshots) this.deliver(feed, snapshot);
    feed.lastCursor = head;
  }

  /** A snapshot of every session, each carrying `head`: nothing logged after it is missed. */
  private async snapshotsAt(feed: AgentFeed<TEvent>, head: string): Promise<LoggedEvent<TEvent>[]> {
    const sessions = await feed.session.listSmsSessions();
    return this.snapshots(feed, sessions).map((event) => ({ ...event, cursor: head }));
  }

  /** The snapshot events of the sessions; one that cannot be made is logged and left out. */
  private snapshots(feed: AgentFeed<TEvent>, sessions: WireSmsSession[]): TEvent[] {
    return sessions.flatMap((session) => {
      try {
        return [this.options.snapshot(session)];
      } catch (error) {
        this.options.logger.error({ agent: feed.session.key, err: error }, 'snapshot failed');
        return [];
      }
    });
  }

  /**
   * Brings a resuming subscriber up to date, then lets its live events flow: the logged events
   * after its cursor, or, when the log cannot honour the cursor, a snapshot of its sessions that
   * carries the log's head (nothing after the head is missed, as live events wait behind it). The
   * log is read once this process holds or follows the stream, so the two meet without a gap.
   */
  private async catchUp(
    feed: AgentFeed<TEvent>,
    subscriber: Subscriber<TEvent>,
    after: string,
  ): Promise<void> {
    let leading: LoggedEvent<TEvent>[];
    let floor: string;
    try {
      // Read once the role is decided: a follower hands on only what is logged after its start.
      await feed.roleDecided;
      const read = await this.options.log.readAfter(feed.session.key, after);
      if (read.honoured) {
        leading = read.entries.map(({ cursor, event }) => ({ ...event, cursor }));
        floor = read.entries.at(-1)?.cursor ?? after;
      } else {
        leading = await this.snapshotsAt(feed, read.head);
        floor = read.head;
      }
    } catch (error) {
      subscriber.queue.close();
      if (error instanceof GwsError) {
        this.options.logger.warn(
          { agent: feed.session.key, kind: error.kind },
          'sessions not read for a resuming subscriber; ending it',
        );
        this.notify(() => subscriber.options.onUpstreamFailure?.(error));
      } else {
        this.options.logger.error({ agent: feed.session.key, err: error }, 'event log not read');
      }
      return;
    }
    subscriber.floor = floor;
    subscriber.queue.release(
      leading.filter((event) => wants(subscriber, event)),
      (queued) => !this.options.log.isAfter(queued.cursor, floor),
    );
  }

  /**
   * Logs an event of this process's stream, then sends it; the chain keeps every agent's events
   * in one order for both. A copy of one already sent is neither logged nor sent. Asked here, not
   * as the notification comes: one held back during a re-read and given up is not seen.
   */
  private record(feed: AgentFeed<TEvent>, event: TEvent): void {
    if (!this.isNew(feed, event, feed.streamPath)) return;
    const { log } = this.options;
    if (log.appendNow && feed.pendingRecords === 0) {
      // A log in memory appends at once: with nothing ahead of it in the chain, the event is sent
      // now, and the chain (a few promises per event, a thousand agents' worth a round) is skipped.
      try {
        this.dispatch(feed, { ...event, cursor: log.appendNow(feed.session.key, event) });
      } catch (error) {
        this.options.logger.error({ agent: feed.session.key, err: error }, 'event not sent');
      }
      return;
    }
    feed.pendingRecords += 1;
    feed.logged = feed.logged
      .then(() => this.options.log.append(feed.session.key, event))
      .then((cursor) => this.dispatch(feed, { ...event, cursor }))
      .catch((error: unknown) =>
        this.options.logger.error({ agent: feed.session.key, err: error }, 'event not sent'),
      )
      .finally(() => {
        feed.pendingRecords -= 1;
        if (feed.pendingRecords > 0 || !feed.behind) return;
        feed.behind = false;
        if (this.feeds.get(feed.session.key) === feed && feed.stream) void this.resync(feed);
      });
  }

  /**
   * Whether the event, come by `path`, is no copy of one that came by another path: around a
   * change of role, one notification can come from this process's stream and, logged by the
   * process that held a stream beside it, from the log under another id.
   */
  private isNew(feed: AgentFeed<TEvent>, event: TEvent, path: number): boolean {
    if (!feed.recent) return true;
    const identity = this.options.identify?.(event);
    if (identity === undefined || feed.recent.admit(identity, path)) return true;
    this.options.logger.debug({ agent: feed.session.key, path }, 'dropped a copy of an event sent');
    return false;
  }

  /**
   * Sends a logged event, unless a coordinator orders it at or before the last one sent: around a
   * change of role the same entry of the log can be read after this process sent it.
   */
  private dispatch(feed: AgentFeed<TEvent>, event: LoggedEvent<TEvent>): void {
    const { coordinator, log } = this.options;
    const last = feed.lastCursor;
    if (coordinator) {
      if (last !== undefined && !log.isAfter(event.cursor, last)) return;
      feed.lastCursor = event.cursor;
    }
    this.deliver(feed, event);
  }

  private deliver(feed: AgentFeed<TEvent>, event: LoggedEvent<TEvent>): void {
    let queued = 0;
    for (const subscriber of feed.subscribers) {
      if (!wants(subscriber, event)) continue;
      const { floor } = subscriber;
      if (floor !== undefined && !this.options.log.isAfter(event.cursor, floor)) continue;
      subscriber.queue.offer(event);
      queued += 1;
    }
    if (queued > 0) this.options.observer?.onEventsQueued(queued);
  }

  /** The subscriber's queue found it too slow and ended it. */
  private dropped(feed: AgentFeed<TEvent>, subscriber: Subscriber<TEvent>): void {
    this.options.logger.warn(
      { agent: feed.session.key, ...this.backlog },
      'subscriber fell behind and was disconnected',
    );
    this.options.observer?.onSubscriberDropped();
    this.notify(() => subscriber.options.onOverflow());
  }

  private fail(feed: AgentFeed<TEvent>, error: GwsError): void {
    if (this.feeds.get(feed.session.key) === feed) this.feeds.delete(feed.session.key);
    clearTimeout(feed.graceTimer);
    this.closeStream(feed);
    this.leaveCoordinator(feed);
    this.options.logger.warn(
      { agent: feed.session.key, kind: error.kind, subscribers: feed.subscribers.size },
      'upstream notification stream failed; ending its subscribers',
    );
    for (const subscriber of feed.subscribers) {
      subscriber.queue.close();
      this.notify(() => subscriber.options.onUpstreamFailure?.(error));
    }
    settleConnectWaiters(feed, false);
    feed.decideRole();
  }

  private leave(feed: AgentFeed<TEvent>, subscriber: Subscriber<TEvent>): void {
    feed.subscribers.delete(subscriber);
    if (feed.subscribers.size > 0 || this.feeds.get(feed.session.key) !== feed) return;
    feed.graceTimer = setTimeout(() => {
      feed.graceTimer = undefined;
      this.feeds.delete(feed.session.key);
      this.closeStream(feed);
      this.leaveCoordinator(feed);
      settleConnectWaiters(feed, false);
      feed.decideRole();
    }, this.options.graceMs);
  }

  private closeStream(feed: AgentFeed<TEvent>): void {
    const { stream } = feed;
    if (!stream) return;
    feed.stream = undefined;
    feed.connected = false;
    this.untilDone(stream.close());
  }

  /** Gives the agent's stream up to other processes once this one's is closed. */
  private leaveCoordinator(feed: AgentFeed<TEvent>): void {
    const { membership } = feed;
    if (!membership) return;
    feed.membership = undefined;
    this.untilDone(
      membership.leave().catch((error: unknown) => {
        this.options.logger.warn({ agent: feed.session.key, err: error }, 'stream not given up');
      }),
    );
  }

  /** Work that close() waits for. */
  private untilDone(work: Promise<void>): void {
    const done = work.finally(() => this.closing.delete(done));
    this.closing.add(done);
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

function wants<TEvent extends { sessionId: string }>(
  subscriber: Subscriber<TEvent>,
  event: TEvent,
): boolean {
  return subscriber.sessionId === undefined || subscriber.sessionId === event.sessionId;
}

function settleConnectWaiters<TEvent>(feed: AgentFeed<TEvent>, connected: boolean): void {
  for (const waiter of feed.connectWaiters) waiter(connected);
  feed.connectWaiters.clear();
}
