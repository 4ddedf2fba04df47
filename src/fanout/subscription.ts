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
 * A subscriber's bounded queue of events not yet taken. When it is full the subscriber has fallen
 * behind: `offer` refuses the event instead of growing the queue. A queue made held keeps what it
 * is offered until `release` puts the events that must come first before them.
 */
export class QueuedSubscription<TEvent> implements HubSubscription<TEvent> {
  private readonly queue: TEvent[] = [];
  /** `next()` calls waiting for an event; only ever non-empty while nothing can be handed out. */
  private readonly waiting: ((result: IteratorResult<TEvent, undefined>) => void)[] = [];
  /**
   * Events handed out before the queue, last first so taking one is cheap: a replay, bounded by
   * the log it was read from.
   */
  private leading: TEvent[] = [];
  private ended = false;
  private takeDirectly: ((event: TEvent) => boolean) | undefined;

  constructor(
    private readonly capacity: number,
    /** Called once when the subscription ends, however it ends. */
    private readonly onEnd: () => void,
    /** Whether events wait for `release` before they are handed out. */
    private held = false,
  ) {}

  /** Events queued and not yet taken. */
  get size(): number {
    return this.queue.length + this.leading.length;
  }

  /** Hands the event over; false when the queue is full. An ended subscription drops it. */
  offer(event: TEvent): boolean {
    if (this.ended) return true;
    if (!this.held && this.waiting.length > 0) {
      if (this.takeDirectly?.(event)) return true;
      (this.waiting.shift() as (result: IteratorResult<TEvent, undefined>) => void)({
        value: event,
        done: false,
      });
      return true;
    }
    if (this.queue.length >= this.capacity) return false;
    this.queue.push(event);
    return true;
  }

  /**
   * Ends the held phase: `leading` is handed out first, then the queued events that `isDuplicate`
   * does not refuse, then live ones.
   */
  release(leading: readonly TEvent[], isDuplicate: (queued: TEvent) => boolean): void {
    if (this.ended || !this.held) return;
    this.held = false;
    const kept = this.queue.filter((event) => !isDuplicate(event));
    this.queue.length = 0;
    this.queue.push(...kept);
    this.leading = [...leading].reverse();
    while (this.waiting.length > 0) {
      const event = this.take();
      if (event === undefined) break;
      (this.waiting.shift() as (result: IteratorResult<TEvent, undefined>) => void)({
        value: event.value,
        done: false,
      });
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
    this.waiting.push(callback);
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
    this.queue.length = 0;
    this.leading = [];
    this.takeDirectly = undefined;
    for (const waiter of this.waiting.splice(0)) waiter(DONE);
    this.onEnd();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next event to hand out, boxed so an event that is itself falsy is not taken for none. */
  private take(): { value: TEvent } | undefined {
    if (this.leading.length > 0) return { value: this.leading.pop() as TEvent };
    if (this.queue.length > 0) return { value: this.queue.shift() as TEvent };
    return undefined;
  }
}
