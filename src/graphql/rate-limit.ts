import { ExpiringMap } from '../gws/index.js';

/** Where request counts live; asynchronous so a shared store (Redis) can take the in-memory one's place. */
export interface RateLimitStore {
  /**
   * Counts one request under `key` in its current window, opening a window of `windowMs` at `now`
   * when none is open; resolves to the window's count so far and when it ends (epoch ms).
   */
  hit(key: string, windowMs: number, now: number): Promise<{ hits: number; resetAt: number }>;
}

/**
 * Counts in this process's memory. Bounded: windows expire, and past `capacity` keys the window
 * counted in longest ago is forgotten (that key's count starts over, which fails open, never shut).
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows: ExpiringMap<{ hits: number; resetAt: number }>;

  constructor(capacity: number) {
    this.windows = new ExpiringMap(capacity);
  }

  hit(key: string, windowMs: number, now: number): Promise<{ hits: number; resetAt: number }> {
    const window = this.windows.get(key, now) ?? { hits: 0, resetAt: now + windowMs };
    window.hits += 1;
    this.windows.set(key, window, window.resetAt);
    return Promise.resolve({ ...window });
  }
}

export type RateDecision = { limited: false } | { limited: true; retryAfterMs: number };

const MINUTE_MS = 60_000;

/** At most `perMinute` requests per key in each minute-long window. */
export class RateLimiter {
  constructor(
    private readonly perMinute: number,
    private readonly store: RateLimitStore,
  ) {}

  async take(key: string, now = Date.now()): Promise<RateDecision> {
    const { hits, resetAt } = await this.store.hit(key, MINUTE_MS, now);
    return hits <= this.perMinute
      ? { limited: false }
      : { limited: true, retryAfterMs: resetAt - now };
  }
}
