import { createHmac } from 'node:crypto';
import { GwsError, type SharedSignInStore, type SignInGuardOptions } from '../gws/index.js';
import { LuaScript, type RedisConnection } from './connection.js';
import { RedisKeys } from './keys.js';

export interface RedisSignInStoreOptions extends Omit<SignInGuardOptions, 'capacity'> {
  /** Keys the hash that names user names in Redis (CLUSTER_SECRET), so Redis holds none. */
  secret: string;
}

/** Answers of {@link ADMIT}: the first element. */
const ADMITTED = 0;
const REFUSED = 1;
const THROTTLED = 2;

/**
 * One sign-in, as the process's guard decides it, counted across replicas: a credential accepted
 * before passes; one refused a moment ago is refused; else the user name's attempts in the window
 * are counted, up to the most allowed. Answers `{verdict, ms until the window ends}`.
 */
const ADMIT = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, 0} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {1, 0} end
local attempts = tonumber(redis.call('GET', KEYS[3]) or '0')
if attempts >= tonumber(ARGV[1]) then return {2, redis.call('PTTL', KEYS[3])} end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[2]) end
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

  async admit(key: string, userName: string): Promise<void> {
    if (!this.redis.connected) return;
    const [verdict, retryAfterMs] = (await ADMIT.run(
      this.redis.commands,
      [RedisKeys.signInAccepted(key), RedisKeys.signInRefused(key), this.attemptsKey(userName)],
      [this.options.maxUnknownAttempts, this.options.windowMs],
    )) as [number, number];
    if (verdict === REFUSED) {
      throw new GwsError('unauthenticated', 'GWS did not accept the credentials.', 20);
    }
    if (verdict === THROTTLED) {
      throw new GwsError(
        'throttled',
        'Too many sign-ins with unknown credentials for this user; try again later.',
        undefined,
        retryAfterMs,
      );
    }
    if (verdict !== ADMITTED) throw new Error(`Unexpected sign-in verdict ${verdict}.`);
  }

  async recordAccepted(key: string, userName: string): Promise<void> {
    if (!this.redis.connected) return;
    await this.redis.commands
      .multi()
      .del(RedisKeys.signInRefused(key), this.attemptsKey(userName))
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

  private attemptsKey(userName: string): string {
    const name = createHmac('sha256', this.options.secret).update(userName.toLowerCase());
    return RedisKeys.signInAttempts(name.digest('hex'));
  }
}
