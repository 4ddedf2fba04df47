/**
 * How a request to GWS is ended before its answer when its caller no longer wants it: by an
 * AbortSignal, or, for a long-lived caller that sends one request after another, by a
 * RequestCanceller with one hook for the request in flight (a notification stream's is its
 * StreamLifetime, ended by close()).
 */
import { cancelledError } from './errors.js';

/** A request in flight that its caller can end early (`cancelled`). */
export interface Cancellable {
  cancel(): void;
}

/**
 * How a long-lived caller (a notification stream) ends its requests early without an AbortSignal,
 * whose listener would be added and removed per request: the request in flight registers here.
 */
export interface RequestCanceller {
  readonly cancelled: boolean;
  /** What ends the request now in flight; undefined once it has ended. */
  inFlight(request: Cancellable | undefined): void;
}

/**
 * What `promise` settles to, or a `cancelled` GwsError as soon as `signal` aborts. The work
 * behind the promise goes on for whoever else awaits it (a shared sign-in, for instance).
 */
export function unlessCancelled<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (!signal) return promise;
  let stop = () => {};
  const cancelled = new Promise<never>((_resolve, reject) => {
    stop = () => reject(cancelledError());
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  // A rejection nobody awaits any more must not surface as unhandled.
  cancelled.catch(() => undefined);
  return Promise.race([promise, cancelled]).finally(() =>
    signal.removeEventListener('abort', stop),
  );
}

/**
 * What `promise` settles to, or a `cancelled` GwsError as soon as `canceller` cancels; meanwhile
 * it is what the canceller ends.
 */
export function untilCancelled<T>(promise: Promise<T>, canceller: RequestCanceller): Promise<T> {
  if (canceller.cancelled) return Promise.reject(cancelledError());
  return new Promise<T>((resolve, reject) => {
    canceller.inFlight({ cancel: () => reject(cancelledError()) });
    promise.then(resolve, reject);
  }).finally(() => canceller.inFlight(undefined));
}

const ENDED = { phase: 'ended' } as const;

/**
 * Whether the stream runs, and while it does, what close() must end at once: the request or wait
 * in flight. One hook set per request, not an AbortSignal listener added and removed per request.
 */
export class StreamLifetime implements RequestCanceller {
  private state: { phase: 'open'; inFlight: Cancellable | undefined } | typeof ENDED = {
    phase: 'open',
    inFlight: undefined,
  };

  get cancelled(): boolean {
    return this.state.phase === 'ended';
  }

  inFlight(request: Cancellable | undefined): void {
    if (this.state.phase === 'open') this.state.inFlight = request;
  }

  end(): void {
    const { state } = this;
    this.state = ENDED;
    if (state.phase === 'open') state.inFlight?.cancel();
  }

  /**
   * What `wait` comes to, given a signal that aborts when the stream ends: made for this wait
   * alone (a sign-in or a pause), so no long-lived signal collects listeners.
   */
  async until<T>(wait: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const waiting = new AbortController();
    if (this.cancelled) waiting.abort();
    else this.inFlight({ cancel: () => waiting.abort() });
    try {
      return await wait(waiting.signal);
    } finally {
      this.inFlight(undefined);
    }
  }
}
