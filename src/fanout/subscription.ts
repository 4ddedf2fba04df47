/** One subscriber's events as an async iterator; `close()` or `return()` ends it. */
export interface HubSubscription<TEvent> extends AsyncIterableIterator<TEvent> {
  close(): void;
}

/**
 * A subscriber's bounded queue of events not yet taken. When it is full the subscriber has fallen
 * behind: `offer` refuses the event instead of growing the queue.
 */
export class QueuedSubscription<TEvent> implements HubSubscription<TEvent> {
  private readonly queue: TEvent[] = [];
  /** `next()` calls waiting for an event; only ever non-empty while the queue is empty. */
  private readonly waiting: ((result: IteratorResult<TEvent, undefined>) => void)[] = [];
  private ended = false;

  constructor(
    private readonly capacity: number,
    /** Called once when the subscription ends, however it ends. */
    private readonly onEnd: () => void,
  ) {}

  /** Events queued and not yet taken. */
  get size(): number {
    return this.queue.length;
  }

  /** Hands the event over; false when the queue is full. An ended subscription drops it. */
  offer(event: TEvent): boolean {
    if (this.ended) return true;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter({ value: event, done: false });
      return true;
    }
    if (this.queue.length >= this.capacity) return false;
    this.queue.push(event);
    return true;
  }

  next(): Promise<IteratorResult<TEvent, undefined>> {
    if (this.queue.length > 0) {
      return Promise.resolve({ value: this.queue.shift() as TEvent, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<TEvent, undefined>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the subscription at once: queued events are dropped and waiting `next()` calls end. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
    this.onEnd();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
