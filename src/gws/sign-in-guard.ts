import { GwsError } from './errors.js';
import { ExpiringMap } from './expiring-map.js';

export interface SignInGuardOptions {
  /** Sign-ins with credentials GWS has not accepted before, per user name, origin and window. */
  maxUnknownAttempts: number;
  /**
   * Sign-ins with credentials GWS has not accepted before, per user name and window, whatever
   * their origin: the bound on guessing from many origins at once.
   */
  maxUnknownAttemptsPerUser: number;
  /** The window those attempts are counted in, in milliseconds. */
  windowMs: number;
  /** How long a credential GWS refused is refused without asking GWS again, in milliseconds. */
  refusedTtlMs: number;
  /** How long a credential GWS accepted is let through unthrottled, in milliseconds. */
  acceptedTtlMs: number;
  /** The most credentials and user names remembered in each of the guard's tables. */
  capacity: number;
}

interface AttemptWindow {
  count: number;
  resetAt: number;
}

/**
 * Keeps password guessing through the gateway from reaching GWS, where it would lock the agent out
 * or brute-force the password. A credential GWS accepted before always passes, so the agent's real
 * password keeps working while someone guesses; a credential GWS refused is refused again here for
 * a while; and only a few credentials GWS has not seen accepted are tried per user name and
 * origin (the client's address) in a window, so guessing from one origin does not hold back the
 * agent's own, even when the gateway knows no accepted credential yet (after a restart). A larger
 * count per user name across origins bounds what guessing from many origins can send to GWS.
 */
export class SignInGuard {
  private readonly accepted: ExpiringMap<true>;
  private readonly refused: ExpiringMap<true>;
  private readonly attemptsByOrigin: ExpiringMap<AttemptWindow>;
  private readonly attemptsByUser: ExpiringMap<AttemptWindow>;

  constructor(private readonly options: SignInGuardOptions) {
    this.accepted = new ExpiringMap(options.capacity);
    this.refused = new ExpiringMap(options.capacity);
    this.attemptsByOrigin = new ExpiringMap(options.capacity);
    this.attemptsByUser = new ExpiringMap(options.capacity);
  }

  /**
   * Admits one upstream sign-in with this credential, counting it when GWS has not accepted it.
   * @param key the keyed hash of the decoded credential
   * @param origin where the sign-in comes from (the client's address), as an opaque key
   * @throws GwsError `unauthenticated` for a credential GWS refused a moment ago, `throttled` when
   *   the user name has used its attempts from this origin, or from all origins together; nothing
   *   is sent upstream then.
   */
  admit(key: string, userName: string, origin: string, now = Date.now()): void {
    if (this.accepted.get(key, now)) return;
    if (this.refused.get(key, now)) throw signInRefusedError();
    const user = userName.toLowerCase();
    const byOrigin = this.window(this.attemptsByOrigin, originKey(user, origin), now);
    const byUser = this.window(this.attemptsByUser, user, now);
    if (byOrigin.count >= this.options.maxUnknownAttempts)
      throw signInThrottledError(byOrigin.resetAt - now);
    if (byUser.count >= this.options.maxUnknownAttemptsPerUser)
      throw signInThrottledError(byUser.resetAt - now);
    byOrigin.count += 1;
    byUser.count += 1;
    this.attemptsByOrigin.set(originKey(user, origin), byOrigin, byOrigin.resetAt);
    this.attemptsByUser.set(user, byUser, byUser.resetAt);
  }

  /**
   * GWS accepted the credential: it passes from now on, and the origin's count for the user name
   * starts over. The count across origins does not: only its window ends it.
   */
  recordAccepted(key: string, userName: string, origin: string, now = Date.now()): void {
    this.refused.delete(key);
    this.accepted.set(key, true, now + this.options.acceptedTtlMs);
    this.attemptsByOrigin.delete(originKey(userName.toLowerCase(), origin));
  }

  recordRefused(key: string, now = Date.now()): void {
    this.accepted.delete(key);
    this.refused.set(key, true, now + this.options.refusedTtlMs);
  }

  private window(table: ExpiringMap<AttemptWindow>, key: string, now: number): AttemptWindow {
    return table.get(key, now) ?? { count: 0, resetAt: now + this.options.windowMs };
  }
}

/** The error for a credential GWS refused a moment ago. */
export function signInRefusedError(): GwsError {
  return new GwsError('unauthenticated', 'GWS did not accept the credentials.', 20);
}

/** The error for a sign-in past its user name's attempts, with the time until it may try again. */
export function signInThrottledError(retryAfterMs: number): GwsError {
  return new GwsError(
    'throttled',
    'Too many sign-ins with unknown credentials for this user; try again later.',
    undefined,
    retryAfterMs,
  );
}

function originKey(user: string, origin: string): string {
  return `${user}\u0000${origin}`;
}

/**
 * What {@link SignInGuard} remembers, kept where several processes see it, so that their sign-ins
 * are counted together; each process's own guard still answers first.
 */
export interface SharedSignInStore {
  /**
   * Admits one sign-in as {@link SignInGuard.admit} does, counted with every process's.
   * @throws GwsError `unauthenticated` or `throttled`, as the guard does.
   */
  admit(key: string, userName: string, origin: string): Promise<void>;
  recordAccepted(key: string, userName: string, origin: string): Promise<void>;
  recordRefused(key: string): Promise<void>;
}
