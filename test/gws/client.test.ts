import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { GwsClient } from '../../src/gws/index.js';

const GOOD = `Basic ${Buffer.from('agent:secret').toString('base64')}`;

/** A GWS that knows one credential. */
async function startGws(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const known = request.headers.authorization === GOOD;
    response.writeHead(known ? 200 : 401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(known ? { statusCode: 0, user: { id: 'u1' } } : { statusCode: 20 }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('GwsClient agent sessions', () => {
  let gws: Awaited<ReturnType<typeof startGws>>;
  let client: GwsClient;

  beforeEach(async () => {
    gws = await startGws();
    client = new GwsClient({
      baseUrl: gws.url,
      timeoutMs: 2_000,
      sessionIdleTtlMs: 60_000,
      maxAgentSessions: 10,
      logger: pino({ level: 'silent' }),
    });
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
