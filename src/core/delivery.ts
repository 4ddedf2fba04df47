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
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** How the end of a delivery is awaited: the promise `next()` returns, and its settling. */
interface Ending {
  readonly promise: Promise<IteratorResult<never, undefined>>;
  readonly resolve: (done: IteratorReturnResult<undefined>) => void;
  readonly reject: (error: unknown) => void;
}

/** Where a delivery is in its life. */
type DeliveryState =
  /** Until its transport can take writes (an event stream's headers are not out yet). */
  | { phase: 'waiting'; ending: Ending | undefined }
  /** `stop` ends it. */
  | { phase: 'delivering'; ending: Ending | undefined; stop: () => void }
  | { phase: 'ended'; error: unknown };

/**
 * One subscription's delivery, as the transport's protocol library holds an operation: an
 * iterator that yields nothing (events go straight to the sink) and finishes when the delivery
 * ends: done when its events ran out or `return()` ended it, rejected with the error when an
 * event could not be delivered. graphql-ws and graphql-sse end it with `return()` when the
 * client completes the operation or goes away.
 */
export class Delivery implements AsyncIterableIterator<never, undefined> {
  private state: DeliveryState = { phase: 'waiting', ending: undefined };

  constructor(
    /** The subscription's events, in order; ended by `return()`. */
    private readonly source: EventSource,
    private readonly subscription: BroadcastSubscription,
    private readonly broadcast: EventBroadcast,
  ) {}

  /** Starts writing the events to `sink`: at once for those waiting, as they come for others. */
  start(sink: DeliverySink): void {
    if (this.state.phase !== 'waiting') return;
    const { ending } = this.state;
    const stop = deliverTo(this.source, this.subscription, this.broadcast, sink, (error) =>
      this.ended(error),
    );
    if (this.state.phase === 'waiting') this.state = { phase: 'delivering', ending, stop };
  }

  next(): Promise<IteratorResult<never, undefined>> {
    const { state } = this;
    if (state.phase === 'ended') {
      return state.error === undefined ? Promise.resolve(DONE) : Promise.reject(state.error);
    }
    state.ending ??= ending();
    return state.ending.promise;
  }

  return(): Promise<IteratorResult<never, undefined>> {
    const { state } = this;
    if (state.phase === 'delivering') state.stop();
    else if (state.phase === 'waiting') {
      void this.source.return();
      this.ended();
    }
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The delivery has ended, with the error that ended it if one did. */
  private ended(error?: unknown): void {
    const { state } = this;
    if (state.phase === 'ended') return;
    this.state = { phase: 'ended', error };
    if (error === undefined) state.ending?.resolve(DONE);
    else state.ending?.reject(error);
  }
}

function ending(): Ending {
  let resolve: Ending['resolve'] = () => undefined;
  let reject: Ending['reject'] = () => undefined;
  const promise = new Promise<IteratorResult<never, undefined>>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/**
 * Delivers a subscription's events to its sink as its group's shared payloads, one event after
 * another, so a subscriber's order holds even when an event's result resolves later than the
 * next one's. Nothing is written once the sink is no longer open.
 *
 * While the subscriber is idle the delivery holds no promise: the source hands the next event to
 * a callback. An event whose payload is known and whose sink is not behind goes out at once, from
 * the fan-out's dispatch, without a promise hop.
 * @returns what stops it; `ended` is told once, however it ends.
 */
function deliverTo(
  source: EventSource,
  subscription: BroadcastSubscription,
  broadcast: EventBroadcast,
  sink: DeliverySink,
  ended: (error?: unknown) => void,
): () => void {
  let stopped = false;
  const open = (): boolean => !stopped && sink.isOpen();
  const end = (error?: unknown): void => {
    if (stopped) return;
    stopped = true;
    void source.return();
    ended(error);
  };
  // While the delivery waits for the next event, everything before it is written; anything that
  // cannot go out at once goes to `onResult` below, which keeps the order.
  source.deliverDirectly((event) => {
    if (!open() || sink.isBehind()) return false;
    let payload: GroupPayload | Promise<GroupPayload>;
    try {
      payload = broadcast.payload(event, subscription);
    } catch {
      return false;
    }
    if (!(payload instanceof GroupPayload)) return false;
    sink.write(payload);
    return true;
  });
  /** Writes the payload; a promise when the sink is behind, settled once the kernel took it. */
  const send = (payload: GroupPayload): Promise<void> | undefined => {
    if (!open()) return undefined;
    if (!sink.isBehind()) {
      sink.write(payload);
      return undefined;
    }
    return new Promise((resolve) => sink.write(payload, resolve));
  };
  /** Delivers results one after another until one must wait: for its payload, or for the sink. */
  const onResult = (first: IteratorResult<object, undefined>): void => {
    try {
      for (let next: typeof first | undefined = first; next; next = source.nextResult(onResult)) {
        if (next.done) return end();
        const payload = broadcast.payload(next.value, subscription);
        const sending = payload instanceof GroupPayload ? send(payload) : payload.then(send);
        if (sending) return void sending.then(waitForNext, end);
      }
    } catch (error) {
      end(error);
    }
  };
  const waitForNext = (): void => {
    const next = source.nextResult(onResult);
    if (next) onResult(next);
  };
  waitForNext();
  return end;
}
