import type { RateLimitStore } from '../graphql/index.js';
import { LuaScript, type RedisConnection } from './connection.js';
import { RedisKeys } from './keys.js';

/**
 * Counts one hit in the key's window, opening the window with its lifetime on the first hit;
 * answers the count and the window's remaining time, in one step so replicas never race.
 */
const HIT = new LuaScript(`
local hits = redis.call('INCR', KEYS[1])
local remaining = redis.call('PTTL', KEYS[1])
if remaining < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  remaining = tonumber(ARGV[1])
end
return {hits, remaining}`);

/**
 * Rate-limit windows every replica counts in. While Redis is unreachable the replica counts in
 * its own memory instead: a limit that holds per replica for a while, never a refusal for all.
 */
export class RedisRateLimitStore implements RateLimitStore {
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
      const [hits, remaining] = (await HIT.run(
        this.redis.commands,
        [RedisKeys.rate(key)],
        [windowMs],
      )) as [number, number];
      return { hits, resetAt: now + remaining };
    } catch {
      return this.fallback.hit(key, windowMs, now);
    }
  }
}
