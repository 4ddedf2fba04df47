/**
 * How agents' notification streams come back after a break: the whole policy, in one place.
 *
 * 1. A stream first waits its own backoff: `backoffInitialMs` (1 s), doubling per break in a row
 *    up to `backoffMaxMs` (5 s), between half and all of it at random, so streams that broke
 *    together do not come back together.
 * 2. Then it waits until GWS answers HTTP at all: while any of a client's streams waits, the
 *    client probes GWS once every `probeIntervalMs` (1 s), for all of them, and nothing else of
 *    theirs is sent. However many agents a gateway process serves, a GWS that is down gets one
 *    request a second from it for their streams (each ends by the client's timeout, so at most
 *    that many seconds' worth are out at once).
 * 3. Then it waits its turn: at most `handshakesPerSecond` (500) of a client's streams a second go
 *    on to handshake, first come first served.
 *
 * So once GWS answers again, 1,000 agents' streams handshake at 500 a second, all within about
 * 1 s (the next probe) + 2 s (their turns) + a handshake: live events resume within 5 s of GWS
 * being back, however long it was away. A stream that breaks while GWS answers (a restarted
 * CometD's 402, a refused handshake, a 5xx) is paced by its backoff: 1,000 of them retry about
 * 270 times a second (each every 2.5 to 5 s), never more than 500.
 */
export const RECONNECT_POLICY = {
  backoffInitialMs: 1_000,
  backoffMaxMs: 5_000,
  probeIntervalMs: 1_000,
  handshakesPerSecond: 500,
} as const;

export interface BackoffPacing {
  /** The pause after the first break; it doubles per break in a row. */
  backoffInitialMs: number;
  /** The longest pause. */
  backoffMaxMs: number;
}

/**
 * The pause of a stream after `failures` breaks in a row (0 for the first): capped exponential,
 * between half and all of it at random.
 */
export function backoffMs(
  failures: number,
  { backoffInitialMs, backoffMaxMs }: BackoffPacing,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.min(failures, 30));
  return ceiling / 2 + (random() * ceiling) / 2;
}

export interface ReconnectGateOptions {
  /** Whether GWS answers HTTP at all (any status); each call is one request. */
  probe(): Promise<boolean>;
  /** While GWS does not answer, it is probed again this often, in ms. */
  probeIntervalMs: number;
  /** At most this many streams a second go on to handshake. */
  handshakesPerSecond: number;
}

/** Whether the gate is finding out if GWS answers. */
type Probing =
  | { readonly phase: 'idle' }
  /** Probes go out one a second, each without waiting for the last, until one is answered. */
  | { readonly phase: 'probing'; readonly nextProbe: NodeJS.Timeout };

const IDLE: Probing = { phase: 'idle' };

/**
 * Steps 2 and 3 of {@link RECONNECT_POLICY}, shared by every stream of one client: one probe a
 * second for all the streams waiting for GWS, and one queue of turns.
 */
export class ReconnectGate {
  private probing: Probing = IDLE;
  /** Streams waiting for GWS to answer; each is told once it does, or once it stops waiting. */
  private readonly waiting = new Set<() => void>();
  /** Until then, a probe's answer that GWS is up still holds: no stream asks again. */
  private answeringUntil = -Infinity;
  /** When the next turn is free. */
  private nextTurnAt = -Infinity;
  private readonly turnSpacingMs: number;

  constructor(private readonly options: ReconnectGateOptions) {
    this.turnSpacingMs = 1_000 / options.handshakesPerSecond;
  }

  /**
   * Waits `pauseMs`, then until GWS answers the shared probe, then for a turn: when it resolves,
   * the stream may handshake. Resolves at once when `signal` is aborted, however far it got.
   */
  async waitTurn(pauseMs: number, signal: AbortSignal): Promise<void> {
    await pause(pauseMs, signal);
    await this.untilAnswering(signal);
    if (signal.aborted) return;
    const now = Date.now();
    const turnAt = Math.max(now, this.nextTurnAt);
    this.nextTurnAt = turnAt + this.turnSpacingMs;
    await pause(turnAt - now, signal);
  }

  /** Stops probing; streams still waiting are let go, as their own close ends them. */
  close(): void {
    this.stopProbing();
    for (const done of [...this.waiting]) done();
  }

  private untilAnswering(signal: AbortSignal): Promise<void> {
    if (signal.aborted || Date.now() < this.answeringUntil) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.waiting.delete(done);
        signal.removeEventListener('abort', done);
        // No stream waits any more: no one needs the probes.
        if (this.waiting.size === 0) this.stopProbing();
        resolve();
      };
      this.waiting.add(done);
      signal.addEventListener('abort', done, { once: true });
      if (this.probing.phase === 'idle') this.probe();
    });
  }

  /**
   * Sends a probe, and schedules the next one without waiting for this one's answer: a GWS that
   * swallows requests holds each probe until its timeout, and must not hold the next one too.
   */
  private probe(): void {
    this.probing = {
      phase: 'probing',
      nextProbe: setTimeout(() => this.probe(), this.options.probeIntervalMs),
    };
    void this.options
      .probe()
      .catch(() => false)
      .then((answers) => {
        if (answers) this.answered();
      });
  }

  /** GWS answered a probe: every stream waiting goes on, and those that come soon after. */
  private answered(): void {
    this.answeringUntil = Date.now() + this.options.probeIntervalMs;
    this.stopProbing();
    for (const done of [...this.waiting]) done();
  }

  private stopProbing(): void {
    if (this.probing.phase === 'probing') clearTimeout(this.probing.nextProbe);
    this.probing = IDLE;
  }
}

/** Waits `ms`, or less when `signal` is aborted meanwhile. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
