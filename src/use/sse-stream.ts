import type http from 'node:http';
import type { ExecutionResult } from 'graphql';
import { print } from 'graphql-sse';
import type {
  Delivery,
  DeliverySink,
  GroupPayload,
  OperationRef,
  PayloadEncoding,
  Refusal,
} from '../core/index.js';
import type { Caller } from '../graphql/index.js';
import { operationAbort } from './http-io.js';

/** Where an event stream's operation is. */
type StreamOperation =
  /** Being admitted: the credential, the rate limit, the document. */
  | { phase: 'admitting' }
  /** A query or mutation, or a subscription its resolver refused: one result, counted once. */
  | { phase: 'answering'; ran: OperationRef }
  | { phase: 'answered' }
  /** A subscription: its delivery starts once the stream's headers are out. */
  | { phase: 'subscribed'; delivery: Delivery };

/** What the gateway keeps on one event stream (one request) while it is open. */
export class EventStream {
  /** When the request was received: the start of its operation's time in the metrics. */
  readonly receivedAt = Date.now();
  /** Aborted when the client goes or the operation ends: ends its upstream work. */
  readonly work = operationAbort();
  operation: StreamOperation = { phase: 'admitting' };
  /** Why the gateway ended the stream's subscription, once it has. */
  lost: Refusal | undefined = undefined;
  /**
   * Whether the response has closed: the client left, or the stream ended. Not the work's
   * signal: a single result's operation is done (its signal aborted) before its stream is written.
   */
  closed = false;
  /** Gives back the stream's place among its agent's streaming connections, once admitted. */
  private release: (() => void) | undefined = undefined;
  /** The request's credential and origin. */
  private identifiedAs: Caller | undefined = undefined;

  constructor(readonly response: http.ServerResponse) {
    response.once('close', () => {
      this.closed = true;
      this.release?.();
      this.work.abort();
    });
  }

  /** The request's credential (its `Authorization` header) and origin, read before all else. */
  identify(caller: Caller): void {
    this.identifiedAs = caller;
  }

  get caller(): Caller {
    if (!this.identifiedAs) throw new Error('The event stream has no credential.');
    return this.identifiedAs;
  }

  /** Holds a place among the agent's connections while the response is open. */
  holdPlace(release: () => void): void {
    if (this.closed) release();
    else this.release = release;
  }

  /** Starts the subscription's delivery, once the stream's headers are out. */
  startDelivery(): void {
    if (this.operation.phase === 'subscribed') {
      this.operation.delivery.start(new EventStreamSink(this.response));
    }
  }
}

/** The `next` event graphql-sse writes around an empty result: its text around `{}`. */
const [NEXT_EVENT_START, NEXT_EVENT_END] = print({ event: 'next', data: {} }).split('{}') as [
  string,
  string,
];

/**
 * A group payload as a `next` event of the distinct connections mode, with the event's cursor as
 * its `id`: a browser's EventSource sends it back as `Last-Event-ID` when it reconnects, and the
 * stream resumes after it. Cursors are the gateway's own, without line breaks.
 */
export const NEXT_EVENT: PayloadEncoding<Buffer> = {
  encode: (json, cursor) =>
    Buffer.from(
      `${cursor === undefined ? '' : `id: ${cursor}\n`}${NEXT_EVENT_START}${json}${NEXT_EVENT_END}`,
    ),
};

/**
 * A subscription's `next` events written to its response as finished bytes, the same for every
 * subscriber of its group. graphql-sse would buffer whatever it is given without bound: a reader
 * that falls behind leaves its events in its queue, where the slow-subscriber rule applies.
 */
class EventStreamSink implements DeliverySink {
  constructor(private readonly response: http.ServerResponse) {}

  isOpen(): boolean {
    return this.response.writable;
  }

  isBehind(): boolean {
    return this.response.writableNeedDrain;
  }

  write(payload: GroupPayload, written?: () => void): void {
    this.response.write(payload.encodedAs(NEXT_EVENT), written);
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * What graphql-sse holds for a subscription: nothing to send while the delivery writes the
 * events; once it ends, the error that says why when the gateway ended it, as graphql-sse then
 * sends `complete`. Its `return()` (the client went away) ends the delivery.
 */
export class StreamEnd implements AsyncIterableIterator<ExecutionResult, undefined> {
  /** Whether the delivery's end has been told. */
  private told = false;

  constructor(
    private readonly delivery: Delivery,
    private readonly stream: EventStream,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    if (this.told) return DONE;
    await this.delivery.next();
    this.told = true;
    const { lost } = this.stream;
    return lost ? { done: false, value: { errors: [lost.error] } } : DONE;
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.told = true;
    await this.delivery.return();
    return DONE;
  }

  /**
   * As an async generator's: graphql-sse calls `return()` when the client goes away only on what
   * also has a `throw()`.
   */
  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
