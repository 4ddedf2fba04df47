import { createHmac } from 'node:crypto';
import {
  signInRefusedError,
  signInThrottledError,
  type SharedSignInStore,
  type SignInGuardOptions,
} from '../gws/index.js';
import { LuaScript, type RedisConnection } from './connection.js';
import { RedisKeys } from './keys.js';

export interface RedisSignInStoreOptions extends Omit<SignInGuardOptions, 'capacity'> {
  /** Keys the hash that names user names and origins in Redis (CLUSTER_SECRET), so Redis holds none. */
  secret: string;
}

/** Answers of {@link ADMIT}: the first element. */
const ADMITTED = 0;
const REFUSED = 1;
const THROTTLED = 2;

/**
 * One sign-in, as the process's guard decides it, counted across replicas: a credential accepted
 * before passes; one refused a moment ago is refused; else the attempts in the window of the user
 * name from this origin (KEYS[3], at most ARGV[1]) and from all origins (KEYS[4], at most ARGV[2])
 * are counted. Answers `{verdict, ms until the full window ends}`.
 */
const ADMIT = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, 0} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {1, 0} end
for i = 3, 4 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i - 2]) then
    return {2, redis.call('PTTL', KEYS[i])}
  end
end
for i = 3, 4 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return {0, 0}`);

/**
 * The sign-in guard's memory in Redis, shared by every replica. While Redis is unreachable it
 * admits and records nothing: each replica's own guard holds meanwhile.
 */
export class RedisSignInStore implements SharedSignInStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisSignInStoreOptions,
  ) {}

  async admit(key: string, userName: string, origin: string): Promise<void> {
    if (!this.redis.connected) return;
    const [verdict, retryAfterMs] = (await ADMIT.run(
      this.redis.commands,
      [
        RedisKeys.signInAccepted(key),
        RedisKeys.signInRefused(key),
        this.attemptsKey(userName, origin),
        this.attemptsKey(userName),
      ],
      [
        this.options.maxUnknownAttempts,
        this.options.maxUnknownAttemptsPerUser,
        this.options.windowMs,
      ],
    )) as [number, number];
    if (verdict === REFUSED) throw signInRefusedError();
    if (verdict === THROTTLED) throw signInThrottledError(retryAfterMs);
    if (verdict !== ADMITTED) throw new Error(`Unexpected sign-in verdict ${verdict}.`);
  }

  /** As the guard does: the origin's count starts over, the count across origins does not. */
  async recordAccepted(key: string, userName: string, origin: string): Promise<void> {
    if (!this.redis.connected) return;
    await this.redis.commands
      .multi()
      .del(RedisKeys.signInRefused(key), this.attemptsKey(userName, origin))
      .set(RedisKeys.signInAccepted(key), '1', 'PX', this.options.acceptedTtlMs)
      .exec();
  }

  async recordRefused(key: string): Promise<void> {
    if (!this.redis.connected) return;
    const multi = this.redis.commands.multi().del(RedisKeys.signInAccepted(key));
    // A refusal remembered for 0 ms is not remembered: Redis refuses PX 0.
    if (this.options.refusedTtlMs > 0) {
      multi.set(RedisKeys.signInRefused(key), '1', 'PX', this.options.refusedTtlMs);
    }
    await multi.exec();
  }

  /** The attempts of the user name from the origin, or from all origins without one. */
  private attemptsKey(userName: string, origin?: string): string {
    const name = createHmac('sha256', this.options.secret).update(userName.toLowerCase());
    if (origin !== undefined) name.update('\u0000').update(origin);
    return RedisKeys.signInAttempts(name.digest('hex'));
  }
}
