import type { GwsClient } from '../../src/gws/index.js';
import { startJsonGws, type JsonGws } from '../support/json-gws.js';

const GOOD = `Basic ${Buffer.from('agent:secret').toString('base64')}`;

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

  it('keeps one session per credential', () => {
    expect(client.agentSession(GOOD)).toBe(client.agentSession(` ${GOOD} `));
    expect(client.agentSession('Basic b3RoZXI6eA==')).not.toBe(client.agentSession(GOOD));
  });

  it('keeps a verified agent’s session through a flood of unverified credentials', async () => {
    const verified = client.agentSession(GOOD);
    await verified.me();
    for (let i = 0; i < 1_500; i += 1) client.agentSession(`Basic bogus${i}`);
    expect(client.agentSession(GOOD)).toBe(verified);
    expect(client.agentSessionCount).toBeLessThanOrEqual(10 + 10);
  });

  it('forgets a session whose credential GWS refused', async () => {
    const refused = client.agentSession('Basic bm9ib2R5Ong=');
    await expect(refused.me()).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(client.agentSession('Basic bm9ib2R5Ong=')).not.toBe(refused);
  });
});
