import { GroupPayload, type BroadcastSubscription, type EventBroadcast } from './broadcast.js';

/**
 * One subscriber's events, in order, as the agents' fan-out hands them out: all a delivery needs
 * of it. An idle consumer holds no promise, only a callback. A subscription's source stream to
 * graphql-js and the protocol libraries, which hand it over to the delivery unread.
 */
export interface EventSource<TEvent extends object = object> extends AsyncIterable<TEvent> {
  /**
   * Lets `take` have each event at once, synchronously, while a `nextResult` callback is waiting
   * (so nothing is queued before it); an event it refuses (returns false) goes to that callback.
   */
  deliverDirectly(take: (event: TEvent) => boolean): void;
  /** The next result at once when there is one, else undefined and `callback` gets it later. */
  nextResult(
    callback: (result: IteratorResult<TEvent, undefined>) => void,
  ): IteratorResult<TEvent, undefined> | undefined;
  /** Ends the events at once. */
  return(): Promise<IteratorResult<TEvent, undefined>>;
}

/** Whether a subscription's source stream (its subscribe resolver's answer) is an event source. */
export function isEventSource(value: unknown): value is EventSource {
  const source = value as Partial<EventSource> | null | undefined;
  return typeof source?.nextResult === 'function' && typeof source.deliverDirectly === 'function';
}

/** Where one subscription's payloads go: its transport's connection, written to directly. */
export interface DeliverySink {
  /** Whether the connection still takes writes (once closing, nothing more is written). */
  isOpen(): boolean;
  /** Whether the connection holds more unsent bytes than it should: the next event waits. */
  isBehind(): boolean;
  /** Writes the payload; `written`, when given, is called once the kernel took it (or failed). */
  write(payload: GroupPayload, written?: () => void): void;
  /**
   * Told once the delivery ended, however it ended, with the error that ended it if one did: a
   * microtask later, after what ended it is done, as a protocol library awaiting it learns it.
   */
  ended?(error: unknown): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Where a delivery is in its life. */
type DeliveryState =
  /** Until its transport can take writes (an event stream's headers are not out yet). */
  | { readonly phase: 'waiting' }
  | { readonly phase: 'delivering'; readonly sink: DeliverySink }
  | { readonly phase: 'ended'; readonly error: unknown };

const WAITING: DeliveryState = { phase: 'waiting' };

/** Settles the promise `next()` returns: done, or a rejected promise with the error. */
type SettleEnding = (result: IteratorReturnResult<undefined> | Promise<never>) => void;

/**
 * One subscription's delivery, as the transport's protocol library holds an operation: an
 * iterator that yields nothing (events go straight to the sink) and finishes when the delivery
 * ends: done when its events ran out or `return()` ended it, rejected with the error when an
 * event could not be delivered. graphql-ws and graphql-sse end it with `return()` when the
 * client completes the operation or goes away.
 *
 * Its events go to the sink one after another, as its group's shared payloads, so a subscriber's
 * order holds even when an event's result resolves later than the next one's; nothing is written
 * once the sink is no longer open. A delivery is one object with two callbacks, not a closure per
 * step, since a gateway holds one for every idle subscriber: while idle it holds no promise of its
 * own, the source hands the next event to a callback, and an event whose payload is known and
 * whose sink is not behind goes out at once, from the fan-out's dispatch, without a promise hop.
 */
export class Delivery implements AsyncIterableIterator<never, undefined> {
  private state: DeliveryState = WAITING;
  /** What `next()` returns until the delivery ends, made on its first call. */
  private ending: Promise<IteratorResult<never, undefined>> | undefined = undefined;
  private settleEnding: SettleEnding | undefined = undefined;

  constructor(
    /** The subscription's events, in order; ended by `return()`. */
    private readonly source: EventSource,
    private readonly subscription: BroadcastSubscription,
    private readonly broadcast: EventBroadcast,
  ) {}

  /** Starts writing the events to `sink`: at once for those waiting, as they come for others. */
  start(sink: DeliverySink): void {
    if (this.state.phase !== 'waiting') return;
    this.state = { phase: 'delivering', sink };
    // While the delivery waits for the next event, everything before it is written; anything that
    // cannot go out at once goes to `onResult`, which keeps the order.
    this.source.deliverDirectly(this.takeDirectly);
    this.waitForNext();
  }

  next(): Promise<IteratorResult<never, undefined>> {
    const { state } = this;
    if (state.phase === 'ended') {
      return state.error === undefined ? Promise.resolve(DONE) : Promise.reject(state.error);
    }
    this.ending ??= new Promise((settle) => (this.settleEnding = settle));
    return this.ending;
  }

  return(): Promise<IteratorResult<never, undefined>> {
    this.end();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The sink, while the delivery may write to it. */
  private openSink(): DeliverySink | undefined {
    const { state } = this;
    return state.phase === 'delivering' && state.sink.isOpen() ? state.sink : undefined;
  }

  /** Writes an event at once when its payload is known and the sink is not behind. */
  private readonly takeDirectly = (event: object): boolean => {
    const sink = this.openSink();
    if (!sink || sink.isBehind()) return false;
    let payload: GroupPayload | Promise<GroupPayload>;
    try {
      payload = this.broadcast.payload(event, this.subscription);
    } catch {
      return false;
    }
    if (!(payload instanceof GroupPayload)) return false;
    sink.write(payload);
    return true;
  };

  /** Delivers results one after another until one must wait: for its payload, or for the sink. */
  private readonly onResult = (first: IteratorResult<object, undefined>): void => {
    try {
      for (
        let next: typeof first | undefined = first;
        next;
        next = this.source.nextResult(this.onResult)
      ) {
        if (next.done) return this.end();
        const payload = this.broadcast.payload(next.value, this.subscription);
        const sending =
          payload instanceof GroupPayload
            ? this.send(payload)
            : payload.then((known) => this.send(known));
        if (sending) {
          return void sending.then(
            () => this.waitForNext(),
            (error: unknown) => this.end(error),
          );
        }
      }
    } catch (error) {
      this.end(error);
    }
  };

  /** Writes the payload; a promise when the sink is behind, settled once the kernel took it. */
  private send(payload: GroupPayload): Promise<void> | undefined {
    const sink = this.openSink();
    if (!sink) return undefined;
    if (!sink.isBehind()) {
      sink.write(payload);
      return undefined;
    }
    return new Promise((resolve) => sink.write(payload, resolve));
  }

  private waitForNext(): void {
    const next = this.source.nextResult(this.onResult);
    if (next) this.onResult(next);
  }

  /** Ends the delivery and its events, with the error that ended it if one did; once. */
  private end(error?: unknown): void {
    const { state } = this;
    if (state.phase === 'ended') return;
    this.state = { phase: 'ended', error };
    if (state.phase === 'delivering' && state.sink.ended) {
      queueMicrotask(() => state.sink.ended?.(error));
    }
    const settle = this.settleEnding;
    this.ending = undefined;
    this.settleEnding = undefined;
    void this.source.return();
    settle?.(error === undefined ? DONE : Promise.reject(error));
  }
}
