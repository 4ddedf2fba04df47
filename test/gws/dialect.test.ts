import type http from 'node:http';
import type { AgentSession, GwsClient } from '../../src/gws/index.js';
import { startJsonGws, type JsonGws, type JsonGwsAnswer } from '../support/json-gws.js';

const LOOPBACK = '127.0.0.1';
const AGENT = `Basic ${Buffer.from('agent:secret').toString('base64')}`;
const SESSION = '0000Na9B26EF006E';
const NOT_FOUND_PAGE = '<html><body><h1>404 Not Found</h1></body></html>';

interface Post {
  path: string;
  operationName: unknown;
}

/**
 * A GWS of one agent and one SMS session, whose answers to the paths the test names are the
 * test's own; `/api/v2/me` hands out a JSESSIONID.
 */
async function startGws(
  routes: Record<string, (request: http.IncomingMessage, body: unknown) => JsonGwsAnswer>,
): Promise<{ gws: JsonGws; posts: Post[]; gets: string[] }> {
  const posts: Post[] = [];
  const gets: string[] = [];
  const gws = await startJsonGws((request, body) => {
    const path = request.url ?? '';
    if (request.method === 'GET' && path === '/api/v2/me') {
      return [
        200,
        { statusCode: 0, user: { id: 'u1' } },
        { 'set-cookie': 'JSESSIONID=ABC1; Path=/' },
      ];
    }
    if (request.method === 'POST') {
      posts.push({ path, operationName: (body as { operationName?: unknown }).operationName });
    } else {
      gets.push(path);
    }
    const route = routes[`${request.method} ${path.split('?')[0]}`];
    return route ? route(request, body) : [404, { statusCode: 6, statusMessage: 'Not found' }];
  });
  return { gws, posts, gets };
}

const sessionWith = (capabilities: string[]) => ({ id: SESSION, state: 'Chatting', capabilities });

describe('what the gateway learns of its GWS’s dialect', () => {
  let gws: JsonGws;
  let client: GwsClient;
  let agent: AgentSession;

  afterEach(async () => {
    client.close();
    await gws.close();
  });

  async function start(
    routes: Parameters<typeof startGws>[0],
  ): Promise<{ posts: Post[]; gets: string[] }> {
    const started = await startGws(routes);
    gws = started.gws;
    client = gws.client();
    agent = client.agentSession(AGENT, LOOPBACK);
    return started;
  }

  it('sends the spelling the session advertises, falls back to the other when GWS refuses the name, and remembers it', async () => {
    const { posts } = await start({
      [`GET /api/v2/me/smssessions/${SESSION}`]: () => [
        200,
        { statusCode: 0, smssession: sessionWith(['SendStopTypingToAgentsNotification']) },
      ],
      // A GWS that takes only the page body's singular spelling.
      [`POST /api/v2/me/smssessions/${SESSION}`]: (_request, body) =>
        (body as { operationName: string }).operationName === 'SendStopTypingToAgentNotification'
          ? [200, { statusCode: 0, referenceId: posts.length }]
          : [200, { statusCode: 10, statusMessage: 'Unsupported operationName' }],
    });
    const request = { operationName: 'SendStopTypingToAgentsNotification' } as const;
    const first = await agent.postSmsOperation(SESSION, request);
    expect(first).toMatchObject({ statusCode: 0, referenceId: 2 });
    expect(posts.map((post) => post.operationName)).toEqual([
      'SendStopTypingToAgentsNotification',
      'SendStopTypingToAgentNotification',
    ]);
    // Another agent's session with the same GWS sends the spelling it took, at once.
    const other = client.agentSession(
      `Basic ${Buffer.from('other:x').toString('base64')}`,
      LOOPBACK,
    );
    await other.postSmsOperation(SESSION, request);
    expect(posts.map((post) => post.operationName).slice(2)).toEqual([
      'SendStopTypingToAgentNotification',
    ]);
  });

  it('sends the canonical spelling alone when the session advertises neither: the refusal is its state’s', async () => {
    const { posts } = await start({
      [`GET /api/v2/me/smssessions/${SESSION}`]: () => [
        200,
        { statusCode: 0, smssession: sessionWith(['SendMessage']) },
      ],
      [`POST /api/v2/me/smssessions/${SESSION}`]: () => [
        200,
        { statusCode: 2, statusMessage: 'Not valid in this state' },
      ],
    });
    await expect(
      agent.postSmsOperation(SESSION, { operationName: 'SetInFocus' }),
    ).rejects.toMatchObject({ kind: 'rejected', gwsStatusCode: 2 });
    expect(posts.map((post) => post.operationName)).toEqual(['SetInFocus']);
  });

  it('tries the spelling the LeftChat list advertises (InFocus) first', async () => {
    const { posts } = await start({
      [`GET /api/v2/me/smssessions/${SESSION}`]: () => [
        200,
        { statusCode: 0, smssession: sessionWith(['Complete', 'InFocus']) },
      ],
      [`POST /api/v2/me/smssessions/${SESSION}`]: () => [200, { statusCode: 0, referenceId: 1 }],
    });
    await agent.postSmsOperation(SESSION, { operationName: 'SetInFocus' });
    expect(posts.map((post) => post.operationName)).toEqual(['InFocus']);
  });

  it('reads a session from the list where GWS serves no single-session GET, and stops asking for it', async () => {
    const { gets } = await start({
      [`GET /api/v2/me/smssessions/${SESSION}`]: () => [404, NOT_FOUND_PAGE],
      'GET /api/v2/me/smssessions': () => [
        200,
        { statusCode: 0, smssessions: [sessionWith(['SendMessage'])] },
      ],
    });
    expect(agent.readsSessionsSingly).toBe(true);
    expect(await agent.getSmsSession(SESSION)).toMatchObject({ id: SESSION });
    expect(agent.readsSessionsSingly).toBe(false);
    expect(await agent.getSmsSession(SESSION)).toMatchObject({ id: SESSION });
    expect(await agent.getSmsSession('0000Na9B26EF0999')).toBeNull();
    expect(gets).toEqual([
      `/api/v2/me/smssessions/${SESSION}`,
      '/api/v2/me/smssessions?fields=*',
      '/api/v2/me/smssessions?fields=*',
      '/api/v2/me/smssessions?fields=*',
    ]);
  });

  it('takes a servlet’s 404 for an unknown session as that, and keeps the single GET', async () => {
    const { gets } = await start({
      [`GET /api/v2/me/smssessions/${SESSION}`]: () => [404, NOT_FOUND_PAGE],
      'GET /api/v2/me/smssessions': () => [200, { statusCode: 0, smssessions: [] }],
    });
    expect(await agent.getSmsSession(SESSION)).toBeNull();
    expect(agent.readsSessionsSingly).toBe(true);
    expect(gets).toHaveLength(2);
  });

  it('takes a 405 for a GET GWS does not serve', async () => {
    await start({
      [`GET /api/v2/me/smssessions/${SESSION}`]: () => [405, 'Method Not Allowed'],
      'GET /api/v2/me/smssessions': () => [200, { statusCode: 0, smssessions: [] }],
    });
    expect(await agent.getSmsSession(SESSION)).toBeNull();
    expect(agent.readsSessionsSingly).toBe(false);
  });

  it('answers a partial success (statusCode 7) as data', async () => {
    await start({
      'POST /api/v2/me': () => [200, { statusCode: 7, statusMessage: 'Unknown channels: fax' }],
    });
    await expect(
      agent.postAgentOperation({ operationName: 'StartContactCenterSession', channels: ['sms'] }),
    ).resolves.toEqual({ statusCode: 7, statusMessage: 'Unknown channels: fax' });
  });

  it('names the upstream HTTP session by a hash of its JSESSIONID, never the cookie itself', async () => {
    await start({
      [`POST /api/v2/me/smssessions/${SESSION}`]: () => [200, { statusCode: 0, referenceId: 4 }],
    });
    expect(agent.upstreamSession).toBeUndefined();
    const reply = await agent.postSmsOperation(SESSION, { operationName: 'Complete' });
    expect(reply.upstreamSession).toMatch(/^[0-9a-f]{16}$/);
    expect(reply.upstreamSession).not.toContain('ABC1');
    expect(agent.upstreamSession).toBe(reply.upstreamSession);
    expect(agent.pendingOperationSession(4)).toBe(SESSION);
    expect(agent.pendingOperationSession(5)).toBeUndefined();
  });
});
