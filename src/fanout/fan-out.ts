import type { Logger } from 'pino';
import type { EventLog, LoggedEvent } from './event-log.js';
import { RecentIdentities, type RecentIdentitiesBounds } from './recent-identities.js';
import {
  QueuedSubscription,
  type BacklogLimits,
  type QueuedSubscriptionOptions,
} from './subscription.js';
import type { UpstreamFailure } from './upstream.js';

/** What the hub tells about its traffic, without knowing who listens. */
export interface FanoutObserver {
  /** Events were queued for subscribers: one per subscriber that takes it. */
  onEventsQueued(count: number): void;
  /** A subscriber fell too far behind for too long and was ended. */
  onSubscriberDropped(): void;
}

/**
 * What the fan-out reads of an event to choose its subscribers: the topic it belongs to (one
 * upstream stream carries several, each subscribed to apart) and the session it is about.
 */
export interface RoutedEvent {
  /** Undefined: the default topic, the session events snapshots re-send. */
  readonly topic?: string | undefined;
  /** Undefined for an event about no session. */
  readonly sessionId?: string | undefined;
}

export interface SubscribeOptions<TFailure extends UpstreamFailure> {
  /** Only events of this topic; the default topic's (undefined) when undefined. */
  topic?: string | undefined;
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
  onUpstreamFailure?(failure: TFailure): void;
}

/** One subscriber of an agent's events. */
export interface Subscriber<TEvent, TFailure extends UpstreamFailure> {
  readonly topic: string | undefined;
  readonly sessionId: string | undefined;
  readonly options: SubscribeOptions<TFailure>;
  readonly queue: QueuedSubscription<LoggedEvent<TEvent>>;
  /**
   * A resuming subscriber's newest place already sent (its last replayed event, or the head its
   * snapshot carries): no event at or before it is sent again. Undefined until it is known.
   */
  floor: string | undefined;
}

/** What a subscriber's queue tells its fan-out, one for all of its subscribers. */
interface SubscriberEnds<TSubscriber> {
  ended(subscriber: TSubscriber): void;
  tooSlow(subscriber: TSubscriber): void;
}

/**
 * A subscriber, its queue's options too: one object, not one with closures per subscriber, since
 * a gateway holds thousands of idle ones.
 */
class FanOutSubscriber<TEvent, TFailure extends UpstreamFailure>
  implements Subscriber<TEvent, TFailure>, QueuedSubscriptionOptions
{
  readonly topic: string | undefined;
  readonly sessionId: string | undefined;
  readonly held: boolean;
  readonly queue: QueuedSubscription<LoggedEvent<TEvent>>;
  floor: string | undefined = undefined;

  constructor(
    readonly options: SubscribeOptions<TFailure>,
    readonly backlog: BacklogLimits,
    private readonly ends: SubscriberEnds<FanOutSubscriber<TEvent, TFailure>>,
  ) {
    this.topic = options.topic;
    this.sessionId = options.sessionId;
    this.held = options.after !== undefined;
    this.queue = new QueuedSubscription<LoggedEvent<TEvent>>(this);
  }

  onEnd(): void {
    this.ends.ended(this);
  }

  onTooSlow(): void {
    this.ends.tooSlow(this);
  }
}

/**
 * Copies meet around a change of path: a replica's own stream and the holder's log carry the same
 * notifications for a lease renewal or so, plus the log's backlog (a queue's worth at most).
 */
const RECENT_IDENTITY_BOUNDS: RecentIdentitiesBounds = { maxEntries: 1_024, maxAgeMs: 30_000 };

export interface FanOutOptions<TEvent> {
  /** The agent's key, for the logs. */
  agent: string;
  log: Pick<EventLog<TEvent>, 'isAfter'>;
  backlog: BacklogLimits;
  /**
   * Whether a coordinator shares the agent's stream with other processes: then an event ordered
   * at or before the last one sent, or whose upstream identity (by `identify`) came by another
   * path within a window of recent events, is a copy, and is not sent.
   */
  coordinated: boolean;
  identify: ((event: TEvent) => string | undefined) | undefined;
  observer: FanoutObserver | undefined;
  logger: Logger;
  /** The last subscriber left. */
  onEmpty(): void;
}

/**
 * An agent's subscribers, each with its own session filter and bounded queue, and the rules that
 * keep copies of an event from them.
 */
export class FanOut<TEvent extends RoutedEvent, TFailure extends UpstreamFailure> {
  private readonly subscribers = new Set<Subscriber<TEvent, TFailure>>();
  /** The cursor of the newest logged event sent, with a coordinator: none older is sent again. */
  private lastCursor: string | undefined;
  /** The identities of the agent's recent events and the path each came by. */
  private readonly recent: RecentIdentities | undefined;
  private readonly subscriberEnds: SubscriberEnds<Subscriber<TEvent, TFailure>> = {
    ended: (subscriber) => this.remove(subscriber),
    tooSlow: (subscriber) => this.dropped(subscriber),
  };

  constructor(private readonly options: FanOutOptions<TEvent>) {
    this.recent =
      options.coordinated && options.identify
        ? new RecentIdentities(RECENT_IDENTITY_BOUNDS)
        : undefined;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** The topics the subscribers subscribe to. */
  topics(): Set<string | undefined> {
    const topics = new Set<string | undefined>();
    for (const subscriber of this.subscribers) topics.add(subscriber.topic);
    return topics;
  }

  /** Events queued for the subscribers and not yet taken. */
  get queuedEvents(): number {
    let queued = 0;
    for (const subscriber of this.subscribers) queued += subscriber.queue.size;
    return queued;
  }

  /**
   * A new subscriber, live at once, or, resuming after a cursor, holding its live events until
   * {@link release}: joined before the log is read, so none falls between the replay and the
   * live stream.
   */
  add(options: SubscribeOptions<TFailure>): Subscriber<TEvent, TFailure> {
    const subscriber = new FanOutSubscriber<TEvent, TFailure>(
      options,
      this.options.backlog,
      this.subscriberEnds,
    );
    this.subscribers.add(subscriber);
    return subscriber;
  }

  /**
   * Lets a resuming subscriber's events flow: `leading` first, then its held live events after
   * `floor`, the newest place `leading` brings it to (those at or before it are dropped, now and
   * later).
   */
  release(
    subscriber: Subscriber<TEvent, TFailure>,
    leading: readonly LoggedEvent<TEvent>[],
    floor: string,
  ): void {
    subscriber.floor = floor;
    subscriber.queue.release(
      leading.filter((event) => wants(subscriber, event)),
      (queued) => !this.options.log.isAfter(queued.cursor, floor),
    );
  }

  /** Ends one subscriber, telling it the upstream failure that ended it, if one did. */
  end(subscriber: Subscriber<TEvent, TFailure>, failure?: TFailure): void {
    subscriber.queue.close();
    if (failure !== undefined) this.notify(() => subscriber.options.onUpstreamFailure?.(failure));
  }

  /** Ends every subscriber, telling each the upstream failure that ended them, if one did. */
  endAll(failure?: TFailure): void {
    for (const subscriber of this.subscribers) this.end(subscriber, failure);
  }

  /**
   * Whether the event, come by `path`, is no copy of one that came by another path: around a
   * change of role, one notification can come from this process's stream and, logged by the
   * process that held a stream beside it, from the log under another id.
   */
  admit(event: TEvent, path: number): boolean {
    if (!this.recent) return true;
    const identity = this.options.identify?.(event);
    if (identity === undefined || this.recent.admit(identity, path)) return true;
    this.options.logger.debug(
      { agent: this.options.agent, path },
      'dropped a copy of an event sent',
    );
    return false;
  }

  /**
   * Sends a logged event, unless a coordinator orders it at or before the last one sent: around a
   * change of role the same entry of the log can be read after this process sent it.
   */
  dispatch(event: LoggedEvent<TEvent>): void {
    if (this.options.coordinated) {
      const last = this.lastCursor;
      if (last !== undefined && !this.options.log.isAfter(event.cursor, last)) return;
      this.lastCursor = event.cursor;
    }
    this.deliver(event);
  }

  /** Sends snapshots carrying the log's head, which no logged event at or before it follows. */
  resendAt(head: string, snapshots: readonly LoggedEvent<TEvent>[]): void {
    for (const snapshot of snapshots) this.deliver(snapshot);
    this.lastCursor = head;
  }

  private deliver(event: LoggedEvent<TEvent>): void {
    let queued = 0;
    for (const subscriber of this.subscribers) {
      if (!wants(subscriber, event)) continue;
      const { floor } = subscriber;
      if (floor !== undefined && !this.options.log.isAfter(event.cursor, floor)) continue;
      subscriber.queue.offer(event);
      queued += 1;
    }
    if (queued > 0) this.options.observer?.onEventsQueued(queued);
  }

  private remove(subscriber: Subscriber<TEvent, TFailure>): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.options.onEmpty();
  }

  /** The subscriber's queue found it too slow and ended it. */
  private dropped(subscriber: Subscriber<TEvent, TFailure>): void {
    this.options.logger.warn(
      { agent: this.options.agent, ...this.options.backlog },
      'subscriber fell behind and was disconnected',
    );
    this.options.observer?.onSubscriberDropped();
    this.notify(() => subscriber.options.onOverflow());
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

function wants<TEvent extends RoutedEvent>(
  subscriber: { readonly topic: string | undefined; readonly sessionId: string | undefined },
  event: TEvent,
): boolean {
  return (
    subscriber.topic === event.topic &&
    (subscriber.sessionId === undefined || subscriber.sessionId === event.sessionId)
  );
}
