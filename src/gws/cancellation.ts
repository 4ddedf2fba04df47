/**
 * How a request to GWS is ended before its answer when its caller no longer wants it: by an
 * AbortSignal, or, for a long-lived caller that sends one request after another, by a
 * RequestCanceller with one hook for the request in flight.
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
