import { SignInGuard } from '../../src/gws/sign-in-guard.js';

const WINDOW_MS = 60_000;
const HERE = 'here';

function guard(): SignInGuard {
  return new SignInGuard({
    maxUnknownAttempts: 2,
    maxUnknownAttemptsPerUser: 3,
    windowMs: WINDOW_MS,
    refusedTtlMs: 10_000,
    acceptedTtlMs: 3_600_000,
    capacity: 100,
  });
}

describe('SignInGuard', () => {
  it('lets a credential GWS accepted through while the user name is throttled', () => {
    const signIn = guard();
    signIn.admit('real', 'agent', HERE, 0);
    signIn.recordAccepted('real', 'agent', HERE, 0);
    signIn.admit('guess1', 'agent', HERE, 1);
    signIn.recordRefused('guess1', 1);
    signIn.admit('guess2', 'Agent', HERE, 2);
    signIn.recordRefused('guess2', 2);
    expect(() => signIn.admit('guess3', 'agent', HERE, 3)).toThrow(
      expect.objectContaining({ kind: 'throttled', retryAfterMs: WINDOW_MS - 2 }),
    );
    expect(() => signIn.admit('real', 'agent', HERE, 4)).not.toThrow();
  });

  it('refuses a refused credential until its memory expires, without counting it again', () => {
    const signIn = guard();
    signIn.admit('wrong', 'agent', HERE, 0);
    signIn.recordRefused('wrong', 0);
    expect(() => signIn.admit('wrong', 'agent', HERE, 9_999)).toThrow(
      expect.objectContaining({ kind: 'unauthenticated' }),
    );
    expect(() => signIn.admit('wrong', 'agent', HERE, 10_000)).not.toThrow();
    expect(() => signIn.admit('other', 'agent', HERE, 10_001)).toThrow(
      expect.objectContaining({ kind: 'throttled' }),
    );
  });

  it('gives a user name its attempts back when the window ends, or when one is accepted', () => {
    const signIn = guard();
    signIn.admit('a', 'agent', HERE, 0);
    signIn.admit('b', 'agent', HERE, 0);
    expect(() => signIn.admit('c', 'agent', HERE, WINDOW_MS - 1)).toThrow();
    expect(() => signIn.admit('c', 'agent', HERE, WINDOW_MS)).not.toThrow();
    signIn.recordAccepted('c', 'agent', HERE, WINDOW_MS);
    expect(() => signIn.admit('d', 'agent', HERE, WINDOW_MS)).not.toThrow();
    expect(() => signIn.admit('e', 'agent', HERE, WINDOW_MS)).not.toThrow();
  });

  it('other user names are not affected', () => {
    const signIn = guard();
    signIn.admit('a', 'agent', HERE, 0);
    signIn.admit('b', 'agent', HERE, 0);
    expect(() => signIn.admit('x', 'colleague', HERE, 0)).not.toThrow();
  });

  it('counts each origin apart, so guessing from one does not hold back another', () => {
    const signIn = guard();
    signIn.admit('a', 'agent', 'attacker', 0);
    signIn.admit('b', 'agent', 'attacker', 0);
    expect(() => signIn.admit('c', 'agent', 'attacker', 0)).toThrow(
      expect.objectContaining({ kind: 'throttled' }),
    );
    expect(() => signIn.admit('real', 'agent', HERE, 0)).not.toThrow();
  });

  it('bounds the attempts of a user name from all origins, and an accepted one does not reset it', () => {
    const signIn = guard();
    signIn.admit('a', 'agent', 'one', 0);
    signIn.admit('b', 'agent', 'two', 0);
    signIn.admit('real', 'agent', HERE, 0);
    signIn.recordAccepted('real', 'agent', HERE, 0);
    expect(() => signIn.admit('c', 'agent', 'three', 1)).toThrow(
      expect.objectContaining({ kind: 'throttled', retryAfterMs: WINDOW_MS - 1 }),
    );
    expect(() => signIn.admit('real', 'agent', 'three', 1)).not.toThrow();
    expect(() => signIn.admit('c', 'agent', 'three', WINDOW_MS)).not.toThrow();
  });
});
