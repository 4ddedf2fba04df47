import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimitStore } from '../graphql/index.js';
import type { RedisConnection } from './connection.js';
import { RedisKeys } from './keys.js';

/**
 * Past any count: `rate-limiter-flexible` counts here, and {@link RateLimiter} decides from the
 * count, as it does with the in-memory store, so the decision is made in one place.
 */
const UNLIMITED_POINTS = Number.MAX_SAFE_INTEGER;

/**
 * Rate-limit windows every replica counts in, by `rate-limiter-flexible` (one atomic script per
 * hit: the count and the window's remaining time, so replicas never race). While Redis is
 * unreachable the replica counts in its own memory instead: a limit that holds per replica for a
 * while, never a refusal for all. The in-memory store stays the gateway's own: the library's
 * (`RateLimiterMemory`) holds every key of a window with a timer each, with no bound on how many
 * keys a flood brings; the gateway's forgets the least recent past its capacity.
 */
export class RedisRateLimitStore implements RateLimitStore {
  /** By window length: the gateway uses one. */
  private readonly counters = new Map<number, RateLimiterRedis>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly fallback: RateLimitStore,
  ) {}

  async hit(
    key: string,
    windowMs: number,
    now: number,
  ): Promise<{ hits: number; resetAt: number }> {
    if (!this.redis.connected) return this.fallback.hit(key, windowMs, now);
    try {
      const counted = await this.counter(windowMs).consume(key);
      return { hits: counted.consumedPoints, resetAt: now + counted.msBeforeNext };
    } catch {
      return this.fallback.hit(key, windowMs, now);
    }
  }

  private counter(windowMs: number): RateLimiterRedis {
    let counter = this.counters.get(windowMs);
    if (!counter) {
      counter = new RateLimiterRedis({
        storeClient: this.redis.commands,
        keyPrefix: RedisKeys.ratePrefix,
        points: UNLIMITED_POINTS,
        // Whole seconds: Redis's EX, as the library sets it.
        duration: Math.ceil(windowMs / 1000),
        // A command to a Redis that is not connected fails at once, for the fallback to count.
        rejectIfRedisNotReady: true,
      });
      this.counters.set(windowMs, counter);
    }
    return counter;
  }
}
