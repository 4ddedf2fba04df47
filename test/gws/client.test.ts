import type { GwsClient } from '../../src/gws/index.js';
import { TEST_GWS_CLIENT_SETTINGS } from '../support/gws-client.js';
import { startJsonGws, type JsonGws } from '../support/json-gws.js';

/** The origin every sign-in of this test comes from. */
const LOOPBACK = '127.0.0.1';

function basicOf(userName: string, password: string): string {
  return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}

const GOOD = basicOf('agent', 'secret');

/** A GWS that knows one credential. */
function startGws(): Promise<JsonGws> {
  return startJsonGws((request) =>
    request.headers.authorization === GOOD
      ? [200, { statusCode: 0, user: { id: 'u1' } }]
      : [401, { statusCode: 20 }],
  );
}

describe('GwsClient agent sessions', () => {
  let gws: JsonGws;
  let client: GwsClient;

  beforeEach(async () => {
    gws = await startGws();
    client = gws.client();
  });

  afterEach(async () => {
    client.close();
    await gws.close();
  });

  it('keeps one session per credential, however the header spells it (RFC 7235)', () => {
    const encoded = GOOD.slice('Basic '.length);
    const session = client.agentSession(GOOD, LOOPBACK);
    for (const spelling of [
      ` ${GOOD} `,
      `basic ${encoded}`,
      `BASIC \t  ${encoded}  `,
      `Basic ${encoded.replace(/=+$/, '')}`,
    ]) {
      expect(client.agentSession(spelling, LOOPBACK)).toBe(session);
    }
    expect(client.agentSession('Basic b3RoZXI6eA==', LOOPBACK)).not.toBe(session);
  });

  it.each([
    ['no credential', undefined],
    ['another scheme', 'Bearer abc'],
    ['no user:password inside', `Basic ${Buffer.from('nocolon').toString('base64')}`],
    ['an empty user name', `Basic ${Buffer.from(':secret').toString('base64')}`],
    ['not base64', 'Basic ***'],
    ['wrong padding', 'Basic YWdlbnQ6c2VjcmV0='],
    ['bytes that are not UTF-8', `Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString('base64')}`],
    ['two credentials', `${GOOD} ${GOOD}`],
  ])('refuses %s without asking GWS', (_what, authorization) => {
    expect(() => client.agentSession(authorization, LOOPBACK)).toThrow(
      expect.objectContaining({ kind: 'unauthenticated' }),
    );
  });

  it('keeps a verified agent’s session through a flood of unverified credentials', async () => {
    const verified = client.agentSession(GOOD, LOOPBACK);
    await verified.me();
    for (let i = 0; i < 1_500; i += 1) client.agentSession(basicOf(`bogus${i}`, 'x'), LOOPBACK);
    expect(client.agentSession(GOOD, LOOPBACK)).toBe(verified);
    expect(client.agentSessionCount).toBeLessThanOrEqual(10 + 10);
  });

  it('remembers a credential GWS refused and refuses it again without asking', async () => {
    const wrong = basicOf('nobody', 'x');
    await expect(client.agentSession(wrong, LOOPBACK).me()).rejects.toMatchObject({
      kind: 'unauthenticated',
    });
    const asked = gws.requests();
    expect(() => client.agentSession(wrong, LOOPBACK)).toThrow(
      expect.objectContaining({ kind: 'unauthenticated' }),
    );
    expect(gws.requests()).toBe(asked);
  });

  it('throttles unknown passwords per user name, and lets the known one through at once', async () => {
    await client.agentSession(GOOD, LOOPBACK).me();
    for (let i = 0; i < 3; i += 1) {
      await expect(
        client.agentSession(basicOf('agent', `guess${i}`), LOOPBACK).me(),
      ).rejects.toMatchObject({
        kind: 'unauthenticated',
      });
    }
    const asked = gws.requests();
    expect(() => client.agentSession(basicOf('AGENT', 'guess3'), LOOPBACK)).toThrow(
      expect.objectContaining({ kind: 'throttled', retryAfterMs: expect.any(Number) }),
    );
    expect(gws.requests()).toBe(asked);
    expect((await client.agentSession(GOOD, LOOPBACK).me()).id).toBe('u1');
    expect(() => client.agentSession(basicOf('other', 'x'), LOOPBACK)).not.toThrow();
  });

  it('counts guesses per origin: the real password from another origin is tried at once', async () => {
    for (let i = 0; i < 3; i += 1) {
      await expect(
        client.agentSession(basicOf('agent', `guess${i}`), 'attacker').me(),
      ).rejects.toMatchObject({ kind: 'unauthenticated' });
    }
    expect(() => client.agentSession(basicOf('agent', 'guess3'), 'attacker')).toThrow(
      expect.objectContaining({ kind: 'throttled' }),
    );
    expect((await client.agentSession(GOOD, LOOPBACK).me()).id).toBe('u1');
  });

  it('bounds guesses per user name across origins', async () => {
    const { maxUnknownAttempts, maxUnknownAttemptsPerUser } = TEST_GWS_CLIENT_SETTINGS.signIn;
    for (let i = 0; i < maxUnknownAttemptsPerUser; i += 1) {
      const origin = `origin${Math.floor(i / maxUnknownAttempts)}`;
      await expect(
        client.agentSession(basicOf('agent', `guess${i}`), origin).me(),
      ).rejects.toMatchObject({ kind: 'unauthenticated' });
    }
    const asked = gws.requests();
    expect(() => client.agentSession(basicOf('agent', 'guess'), 'one more origin')).toThrow(
      expect.objectContaining({ kind: 'throttled' }),
    );
    expect(gws.requests()).toBe(asked);
  });
});
