import { GwsError } from './errors.js';
import { ExpiringMap } from './expiring-map.js';

export interface SignInGuardOptions {
  /** Sign-ins with credentials GWS has not accepted before, per user name and window. */
  maxUnknownAttempts: number;
  /** The window those attempts are counted in, in milliseconds. */
  windowMs: number;
  /** How long a credential GWS refused is refused without asking GWS again, in milliseconds. */
  refusedTtlMs: number;
  /** How long a credential GWS accepted is let through unthrottled, in milliseconds. */
  acceptedTtlMs: number;
  /** The most credentials and user names remembered in each of the guard's tables. */
  capacity: number;
}

/**
 * Keeps password guessing through the gateway from reaching GWS, where it would lock the agent out
 * or brute-force the password. A credential GWS accepted before always passes, so the agent's real
 * password keeps working while someone guesses; a credential GWS refused is refused again here for
 * a while; and only a few credentials GWS has not seen accepted are tried per user name and window.
 */
export class SignInGuard {
  private readonly accepted: ExpiringMap<true>;
  private readonly refused: ExpiringMap<true>;
  private readonly attempts: ExpiringMap<{ count: number; resetAt: number }>;

  constructor(private readonly options: SignInGuardOptions) {
    this.accepted = new ExpiringMap(options.capacity);
    this.refused = new ExpiringMap(options.capacity);
    this.attempts = new ExpiringMap(options.capacity);
  }

  /**
   * Admits one upstream sign-in with this credential, counting it when GWS has not accepted it.
   * @param key the keyed hash of the decoded credential
   * @throws GwsError `unauthenticated` for a credential GWS refused a moment ago, `throttled` when
   *   the user name has used its attempts; nothing is sent upstream then.
   */
  admit(key: string, userName: string, now = Date.now()): void {
    if (this.accepted.get(key, now)) return;
    if (this.refused.get(key, now)) {
      throw new GwsError('unauthenticated', 'GWS did not accept the credentials.', 20);
    }
    const user = userName.toLowerCase();
    const window = this.attempts.get(user, now) ?? {
      count: 0,
      resetAt: now + this.options.windowMs,
    };
    if (window.count >= this.options.maxUnknownAttempts) {
      throw new GwsError(
        'throttled',
        'Too many sign-ins with unknown credentials for this user; try again later.',
        undefined,
        window.resetAt - now,
      );
    }
    window.count += 1;
    this.attempts.set(user, window, window.resetAt, now);
  }

  /** GWS accepted the credential: it passes from now on, and the user name's count starts over. */
  recordAccepted(key: string, userName: string, now = Date.now()): void {
    this.refused.delete(key);
    this.accepted.set(key, true, now + this.options.acceptedTtlMs, now);
    this.attempts.delete(userName.toLowerCase());
  }

  recordRefused(key: string, now = Date.now()): void {
    this.accepted.delete(key);
    this.refused.set(key, true, now + this.options.refusedTtlMs, now);
  }
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
  admit(key: string, userName: string): Promise<void>;
  recordAccepted(key: string, userName: string): Promise<void>;
  recordRefused(key: string): Promise<void>;
}
