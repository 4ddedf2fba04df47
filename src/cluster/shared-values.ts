import type { SharedValues } from '../gws/index.js';
import { LuaScript, type RedisConnection } from './connection.js';
import { RedisKeys } from './keys.js';

/** Deletes the key only if it still holds the value given. */
const DELETE_IF = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);

/**
 * Values the replicas share (each agent's upstream HTTP session, sealed by the gateway), with a
 * time to live. While Redis is unreachable nothing is shared: a read finds nothing, so each
 * replica sends in its own sessions.
 */
export class RedisSharedValues implements SharedValues {
  constructor(private readonly redis: RedisConnection) {}

  async get(key: string): Promise<string | undefined> {
    if (!this.redis.commandsReady) return undefined;
    return (await this.redis.commands.get(RedisKeys.shared(key))) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (!this.redis.commandsReady) return;
    await this.redis.commands.set(RedisKeys.shared(key), value, 'PX', ttlMs);
  }

  async deleteIf(key: string, value: string): Promise<void> {
    if (!this.redis.commandsReady) return;
    await DELETE_IF.run(this.redis.commands, [RedisKeys.shared(key)], [value]);
  }
}
