import { GwsError, type GwsClient } from '../../src/gws/index.js';
import { startJsonGws, type JsonGws } from '../support/json-gws.js';

/** The origin every sign-in of this test comes from. */
const LOOPBACK = '127.0.0.1';

const GOOD = `Basic ${Buffer.from('agent:secret').toString('base64')}`;

/**
 * A GWS 8.5.1 as its SettingAgentStateChannel page shows it: `{"status":"ok"}` for a state
 * change, the statusCode envelope elsewhere.
 */
function startLegacyGws(): Promise<JsonGws> {
  const answers: Record<string, unknown> = {
    'GET /api/v2/me': { statusCode: 0, user: { id: 'u1' } },
    'POST /api/v2/me/channels/sms': { status: 'ok' },
    'POST /api/v2/me/channels/chat': { statusCode: 2, statusMessage: 'Not logged in to chat' },
    'POST /api/v2/me/channels/voice': { status: 'failed' },
  };
  return startJsonGws((request) => [
    200,
    answers[`${request.method} ${request.url}`] ?? { statusCode: 6 },
  ]);
}

describe('AgentSession presence against a GWS 8.5.1', () => {
  let gws: JsonGws;
  let client: GwsClient;

  beforeEach(async () => {
    gws = await startLegacyGws();
    client = gws.client();
  });

  afterEach(async () => {
    client.close();
    await gws.close();
  });

  it('reads {"status":"ok"} as success', async () => {
    const reply = await client
      .agentSession(GOOD, LOOPBACK)
      .postChannelOperation('sms', { operationName: 'Ready' });
    expect(reply).toEqual({ statusCode: 0 });
  });

  it('still reads a statusCode refusal, and any other status as no GWS answer', async () => {
    const session = client.agentSession(GOOD, LOOPBACK);
    await expect(
      session.postChannelOperation('chat', { operationName: 'Ready' }),
    ).rejects.toMatchObject({ kind: 'rejected', gwsStatusCode: 2 });
    await expect(
      session.postChannelOperation('voice', { operationName: 'NotReady' }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('refuses a channel that is not a name before sending anything', async () => {
    const sending = client.agentSession(GOOD, LOOPBACK).postChannelOperation('../smssessions', {
      operationName: 'Ready',
    });
    await expect(sending).rejects.toBeInstanceOf(GwsError);
    await expect(sending).rejects.toMatchObject({ kind: 'invalid_input' });
  });
});
