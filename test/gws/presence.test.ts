import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { GwsClient, GwsError } from '../../src/gws/index.js';

const GOOD = `Basic ${Buffer.from('agent:secret').toString('base64')}`;

/**
 * A GWS 8.5.1 as its SettingAgentStateChannel page shows it: `{"status":"ok"}` for a state
 * change, the statusCode envelope elsewhere.
 */
async function startLegacyGws(): Promise<{ url: string; close(): Promise<void> }> {
  const answers: Record<string, unknown> = {
    'GET /api/v2/me': { statusCode: 0, user: { id: 'u1' } },
    'POST /api/v2/me/channels/sms': { status: 'ok' },
    'POST /api/v2/me/channels/chat': { statusCode: 2, statusMessage: 'Not logged in to chat' },
    'POST /api/v2/me/channels/voice': { status: 'failed' },
  };
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answers[`${request.method} ${request.url}`] ?? { statusCode: 6 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('AgentSession presence against a GWS 8.5.1', () => {
  let gws: Awaited<ReturnType<typeof startLegacyGws>>;
  let client: GwsClient;

  beforeEach(async () => {
    gws = await startLegacyGws();
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

  it('reads {"status":"ok"} as success', async () => {
    const reply = await client
      .agentSession(GOOD)
      .postChannelOperation('sms', { operationName: 'Ready' });
    expect(reply).toEqual({ statusCode: 0 });
  });

  it('still reads a statusCode refusal, and any other status as no GWS answer', async () => {
    const session = client.agentSession(GOOD);
    await expect(
      session.postChannelOperation('chat', { operationName: 'Ready' }),
    ).rejects.toMatchObject({ kind: 'rejected', gwsStatusCode: 2 });
    await expect(
      session.postChannelOperation('voice', { operationName: 'NotReady' }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('refuses a channel that is not a name before sending anything', async () => {
    const sending = client.agentSession(GOOD).postChannelOperation('../smssessions', {
      operationName: 'Ready',
    });
    await expect(sending).rejects.toBeInstanceOf(GwsError);
    await expect(sending).rejects.toMatchObject({ kind: 'invalid_input' });
  });
});
