import { SignInGuard } from '../../src/gws/sign-in-guard.js';

const WINDOW_MS = 60_000;

function guard(): SignInGuard {
  return new SignInGuard({
    maxUnknownAttempts: 2,
    windowMs: WINDOW_MS,
    refusedTtlMs: 10_000,
    acceptedTtlMs: 3_600_000,
    capacity: 100,
  });
}

describe('SignInGuard', () => {
  it('lets a credential GWS accepted through while the user name is throttled', () => {
    const signIn = guard();
    signIn.admit('real', 'agent', 0);
    signIn.recordAccepted('real', 'agent', 0);
    signIn.admit('guess1', 'agent', 1);
    signIn.recordRefused('guess1', 1);
    signIn.admit('guess2', 'Agent', 2);
    signIn.recordRefused('guess2', 2);
    expect(() => signIn.admit('guess3', 'agent', 3)).toThrow(
      expect.objectContaining({ kind: 'throttled', retryAfterMs: WINDOW_MS - 2 }),
    );
    expect(() => signIn.admit('real', 'agent', 4)).not.toThrow();
  });

  it('refuses a refused credential until its memory expires, without counting it again', () => {
    const signIn = guard();
    signIn.admit('wrong', 'agent', 0);
    signIn.recordRefused('wrong', 0);
    expect(() => signIn.admit('wrong', 'agent', 9_999)).toThrow(
      expect.objectContaining({ kind: 'unauthenticated' }),
    );
    expect(() => signIn.admit('wrong', 'agent', 10_000)).not.toThrow();
    expect(() => signIn.admit('other', 'agent', 10_001)).toThrow(
      expect.objectContaining({ kind: 'throttled' }),
    );
  });

  it('gives a user name its attempts back when the window ends, or when one is accepted', () => {
    const signIn = guard();
    signIn.admit('a', 'agent', 0);
    signIn.admit('b', 'agent', 0);
    expect(() => signIn.admit('c', 'agent', WINDOW_MS - 1)).toThrow();
    expect(() => signIn.admit('c', 'agent', WINDOW_MS)).not.toThrow();
    signIn.recordAccepted('c', 'agent', WINDOW_MS);
    expect(() => signIn.admit('d', 'agent', WINDOW_MS)).not.toThrow();
    expect(() => signIn.admit('e', 'agent', WINDOW_MS)).not.toThrow();
  });

  it('other user names are not affected', () => {
    const signIn = guard();
    signIn.admit('a', 'agent', 0);
    signIn.admit('b', 'agent', 0);
    expect(() => signIn.admit('x', 'colleague', 0)).not.toThrow();
  });
});
