/** One subscriber's events as an async iterator; `close()` or `return()` ends it. */
export interface HubSubscription<TEvent> extends AsyncIterableIterator<TEvent> {
  close(): void;
  /**
   * Lets `take` have each event at once, synchronously, while a `next()` call is waiting (so
   * nothing is queued before it); an event it refuses (returns false) goes to that `next()`.
   */
  deliverDirectly(take: (event: TEvent) => boolean): void;
  /**
   * `next()` without a promise: the next result at once when there is one, else undefined, and
   * `callback` gets it when it comes. A consumer idle for long holds nothing but the callback.
   */
  nextResult(
    callback: (result: IteratorResult<TEvent, undefined>) => void,
  ): IteratorResult<TEvent, undefined> | undefined;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * The slow-subscriber rule's bounds. It judges the subscriber by what it leaves untaken over
 * time, not by how many events arrive at once: GWS answers a long-poll with every notification it
 * held back (hundreds after it was slow for a few seconds), all queued before anything can be
 * written, so a reader however fast has a long queue for a moment.
 *
 * A subscriber may leave up to `capacity` events untaken however long. While more wait, it is
 * checked every `catchUpMs`: if more than `capacity` of the events that waited at the previous
 * check still wait, it is too slow. One that never reads is thus ended `catchUpMs` after it fell
 * behind; a backlog of any size goes out whole to one that takes all but `capacity` of it within
 * `catchUpMs`; and a queue holds at most `capacity` events plus those of the last
 * `2 × catchUpMs`.
 */
export interface BacklogLimits {
  /** SUBSCRIBER_QUEUE_CAPACITY: events a subscriber may leave untaken however long. */
  readonly capacity: number;
  /** SUBSCRIBER_CATCH_UP_MS: how long the events beyond `capacity` may wait, in ms. */
  readonly catchUpMs: number;
}

/** Whether a subscriber keeps up with its events, or is behind and timed. */
type Pace =
  | { readonly phase: 'keeping-up' }
  | {
      readonly phase: 'behind';
      /** Events waiting at the last check, and how many had been dequeued by then. */
      readonly waiting: number;
      readonly dequeued: number;
      /** The next check. */
      readonly check: NodeJS.Timeout;
    };

const KEEPING_UP: Pace = { phase: 'keeping-up' };

/** A `next()` call waiting for an event. */
type Waiter<TEvent> = (result: IteratorResult<TEvent, undefined>) => void;

export interface QueuedSubscriptionOptions {
  backlog: BacklogLimits;
  /** Called once when the subscription ends, however it ends. */
  onEnd(): void;
  /** Called once when the subscriber is found too slow, after it has been ended. */
  onTooSlow(): void;
  /** Whether events wait for `release` before they are handed out. */
  held?: boolean;
}

/**
 * A subscriber's queue of events not yet taken, bounded by the slow-subscriber rule
 * ({@link BacklogLimits}): a subscriber that falls too far behind for too long is ended. A queue
 * made held keeps what it is offered until `release` puts the events that must come first before
 * them.
 */
export class QueuedSubscription<TEvent> implements HubSubscription<TEvent> {
  // An idle subscriber holds nothing but its waiting callback: the lists are made when needed.
  /** Events offered and not yet taken; made with the first. */
  private queue: TEvent[] | undefined = undefined;
  /**
   * `next()` calls waiting for an event, in order; only ever some while nothing can be handed
   * out. One alone, as an idle subscriber's is, is held as it is; several in a list.
   */
  private waiting: Waiter<TEvent> | Waiter<TEvent>[] | undefined = undefined;
  /**
   * Events handed out before the queue, last first so taking one is cheap: a replay, bounded by
   * the log it was read from.
   */
  private leading: TEvent[] | undefined = undefined;
  private ended = false;
  private takeDirectly: ((event: TEvent) => boolean) | undefined;
  private held: boolean;
  private readonly capacity: number;
  /** Events that have left the queue, taken or dropped: the subscriber's progress. */
  private dequeued = 0;
  private pace: Pace = KEEPING_UP;

  constructor(private readonly options: QueuedSubscriptionOptions) {
    this.held = options.held ?? false;
    this.capacity = options.backlog.capacity;
  }

  /** Events queued and not yet taken. */
  get size(): number {
    return (this.queue?.length ?? 0) + (this.leading?.length ?? 0);
  }

  /** Hands the event over, or queues it. An ended subscription drops it. */
  offer(event: TEvent): void {
    if (this.ended) return;
    if (!this.held && this.waiting !== undefined) {
      if (this.takeDirectly?.(event)) return;
      this.nextWaiter()?.({ value: event, done: false });
      return;
    }
    (this.queue ??= []).push(event);
    if (this.size > this.capacity && this.pace.phase === 'keeping-up') this.timePace();
  }

  /**
   * Ends the held phase: `leading` is handed out first, then the queued events that `isDuplicate`
   * does not refuse, then live ones.
   */
  release(leading: readonly TEvent[], isDuplicate: (queued: TEvent) => boolean): void {
    if (this.ended || !this.held) return;
    this.held = false;
    const queued = this.queue ?? [];
    this.queue = queued.filter((event) => !isDuplicate(event));
    this.dequeued += queued.length - this.queue.length;
    this.leading = [...leading].reverse();
    while (this.waiting !== undefined) {
      const event = this.take();
      if (event === undefined) break;
      this.nextWaiter()?.({ value: event.value, done: false });
    }
  }

  deliverDirectly(take: (event: TEvent) => boolean): void {
    this.takeDirectly = take;
  }

  next(): Promise<IteratorResult<TEvent, undefined>> {
    return new Promise((resolve) => {
      const result = this.nextResult(resolve);
      if (result) resolve(result);
    });
  }

  nextResult(
    callback: (result: IteratorResult<TEvent, undefined>) => void,
  ): IteratorResult<TEvent, undefined> | undefined {
    const event = this.held ? undefined : this.take();
    if (event) return { value: event.value, done: false };
    if (this.ended) return DONE;
    const { waiting } = this;
    if (waiting === undefined) this.waiting = callback;
    else if (Array.isArray(waiting)) waiting.push(callback);
    else this.waiting = [waiting, callback];
    return undefined;
  }

  return(): Promise<IteratorResult<TEvent, undefined>> {
    this.close();
    return Promise.resolve(DONE);
  }

  /** Ends the subscription at once: queued events are dropped and waiting `next()` calls end. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.pace.phase === 'behind') clearTimeout(this.pace.check);
    this.pace = KEEPING_UP;
    this.queue = undefined;
    this.leading = undefined;
    this.takeDirectly = undefined;
    for (let waiter = this.nextWaiter(); waiter; waiter = this.nextWaiter()) waiter(DONE);
    this.options.onEnd();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next event to hand out, boxed so an event that is itself falsy is not taken for none. */
  private take(): { value: TEvent } | undefined {
    const { leading, queue } = this;
    if (leading !== undefined && leading.length > 0) {
      this.dequeued += 1;
      return { value: leading.pop() as TEvent };
    }
    if (queue !== undefined && queue.length > 0) {
      this.dequeued += 1;
      return { value: queue.shift() as TEvent };
    }
    return undefined;
  }

  /** Takes the first waiting `next()` call off the list; a list of one becomes that one. */
  private nextWaiter(): Waiter<TEvent> | undefined {
    const { waiting } = this;
    if (!Array.isArray(waiting)) {
      this.waiting = undefined;
      return waiting;
    }
    const first = waiting.shift();
    if (waiting.length === 1) this.waiting = waiting[0];
    return first;
  }

  /** Starts timing a subscriber with more than `capacity` events waiting: checked in `catchUpMs`. */
  private timePace(): void {
    this.pace = {
      phase: 'behind',
      waiting: this.size,
      dequeued: this.dequeued,
      check: setTimeout(() => this.checkPace(), this.options.backlog.catchUpMs),
    };
  }

  /**
   * Ends the subscriber when more than `capacity` of the events that waited at the last check
   * still wait (they leave in order); else times it again while it is still behind.
   */
  private checkPace(): void {
    const pace = this.pace;
    if (pace.phase !== 'behind') return;
    this.pace = KEEPING_UP;
    const stillWaiting = pace.waiting - (this.dequeued - pace.dequeued);
    if (stillWaiting > this.capacity) {
      this.close();
      this.options.onTooSlow();
      return;
    }
    if (this.size > this.capacity) this.timePace();
  }
}
