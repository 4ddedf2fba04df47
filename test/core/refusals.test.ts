import { refusal } from '../../src/core/refusals.js';
import { refusalReason } from '../../src/graphql/errors.js';

describe('the refusals table', () => {
  it.each([
    ['missing_credentials', 401, 4401, { code: 'UNAUTHENTICATED' }],
    ['credentials_rejected', 401, 4403, { code: 'UNAUTHENTICATED' }],
    ['upstream_unavailable', 503, 1014, { code: 'UPSTREAM_UNAVAILABLE' }],
    ['shutting_down', 503, 1001, { code: 'UPSTREAM_UNAVAILABLE' }],
  ] as const)('answers %s with HTTP %i, close code %i and its code', (kind, status, close, ext) => {
    const { httpStatus, closeCode, retryAfter, error } = refusal(kind);
    expect({ httpStatus, closeCode, retryAfter, error: error.toJSON() }).toEqual({
      httpStatus: status,
      closeCode: close,
      retryAfter: undefined,
      error: { message: expect.any(String), extensions: ext },
    });
  });

  it('tells a throttled sign-in and a rate-limited request when to try again', () => {
    const retryAfter = 7;
    const throttled = refusal('sign_in_throttled', { retryAfter });
    expect([throttled.httpStatus, throttled.closeCode, throttled.retryAfter]).toEqual([
      429, 1013, 7,
    ]);
    expect(throttled.error.toJSON()).toEqual({
      message: 'Too many sign-ins with unknown credentials for this user; try again in 7 s.',
      extensions: { code: 'RATE_LIMITED', reason: 'SIGN_IN_THROTTLED', retryAfter: 7 },
    });
    const limited = refusal('rate_limited', { retryAfter });
    // An operation past the rate limit is refused alone: its WebSocket stays open.
    expect([limited.httpStatus, limited.closeCode, limited.retryAfter]).toEqual([
      429,
      undefined,
      7,
    ]);
    expect(limited.error.toJSON()).toEqual({
      message: 'Too many requests; try again in 7 s.',
      extensions: { code: 'RATE_LIMITED', retryAfter: 7 },
    });
  });

  it('refuses a connection past MAX_STREAMS_PER_AGENT with a wait of its own', () => {
    for (const kind of ['too_many_streams', 'too_many_agents'] as const) {
      const { httpStatus, closeCode, retryAfter, error } = refusal(kind);
      expect([httpStatus, closeCode, retryAfter]).toEqual([429, 1013, 5]);
      expect(error.extensions).toEqual({
        code: 'RATE_LIMITED',
        reason: 'TOO_MANY_STREAMS',
        retryAfter,
      });
    }
  });

  it('ends a subscription with the close code and error of why, at its log level', () => {
    const ended = (
      [
        'subscriber_too_slow',
        'subscription_forbidden',
        'subscription_upstream_unavailable',
      ] as const
    ).map((kind) => {
      const { closeCode, logLevel, error } = refusal(kind);
      return [closeCode, logLevel, error.toJSON()];
    });
    expect(ended).toEqual([
      [
        1013,
        'info',
        { message: 'Subscriber too slow', extensions: { code: 'SUBSCRIBER_TOO_SLOW' } },
      ],
      [4403, 'info', { message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }],
      [
        1014,
        'warn',
        { message: 'GWS is unavailable', extensions: { code: 'UPSTREAM_UNAVAILABLE' } },
      ],
    ]);
  });

  it('refuses one operation of a connection without closing it', () => {
    const tooMany = refusal('too_many_operations', { max: 3 });
    const stillEnding = refusal('operation_still_ending', { id: '7' });
    expect([tooMany.closeCode, stillEnding.closeCode]).toEqual([undefined, undefined]);
    expect(tooMany.message).toBe('At most 3 operations at once on one connection.');
    expect(stillEnding.message).toBe('Operation 7 is still ending; use another id.');
    expect(tooMany.error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('counts the rate limit and throttled sign-ins as refusals, a full agent not', () => {
    const reason = (kind: 'rate_limited' | 'sign_in_throttled') =>
      refusalReason(refusal(kind, { retryAfter: 1 }).error.toJSON());
    expect([reason('rate_limited'), reason('sign_in_throttled')]).toEqual([
      'rate_limited',
      'sign_in_throttled',
    ]);
    expect(refusalReason(refusal('too_many_streams').error.toJSON())).toBeUndefined();
  });
});
