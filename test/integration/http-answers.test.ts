import http from 'node:http';
import net from 'node:net';
import { basic, startStack, type Stack } from '../support/stack.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  /** Whether the request went over a connection an earlier request had used. */
  reusedSocket: boolean;
}

/** One GraphQL POST over `agent` with these headers, so the test decides what connections carry. */
function post(
  agent: http.Agent,
  url: string,
  query: string,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: JSON.parse(text) as Answer['body'],
            reusedSocket: request.reusedSocket,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ query }));
  });
}

describe('GraphQL answers over HTTP', () => {
  let stack: Stack;
  let agent: http.Agent;
  beforeAll(async () => {
    stack = await startStack();
  });
  beforeEach(() => {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(() => agent.destroy());
  afterAll(() => stack.close());

  it('tells caches to keep no answer, refusals included', async () => {
    const answered = await post(agent, stack.url, '{ me { id } }', {
      authorization: basic('testname'),
    });
    expect(answered.status).toBe(200);
    expect(answered.headers['cache-control']).toBe('no-store');
    const refused = await post(agent, stack.url, '{ nope }', { authorization: basic('testname') });
    expect(refused.status).toBe(400);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['any type', '*/*', 'application/json; charset=utf-8'],
    ['no Accept header', undefined, 'application/json; charset=utf-8'],
    [
      'GraphQL over HTTP',
      'application/graphql-response+json',
      'application/graphql-response+json; charset=utf-8',
    ],
  ])('answers a request accepting %s with its type', async (_case, accept, type) => {
    const answer = await post(agent, stack.url, '{ me { id } }', {
      authorization: basic('testname'),
      ...(accept === undefined ? {} : { accept }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
  });

  it('answers 406 to a request that accepts no JSON', async () => {
    const answer = await post(agent, stack.url, '{ me { id } }', {
      authorization: basic('testname'),
      accept: 'text/plain',
    });
    expect(answer.status).toBe(406);
  });

  it('answers each request of a kept-alive connection as its own credential says', async () => {
    const me = (authorization?: string) =>
      post(agent, stack.url, '{ me { userName } }', authorization ? { authorization } : {});
    const first = await me(basic('testname'));
    expect(first.body.data).toEqual({ me: { userName: 'testname' } });
    const answers = [
      await me(basic('bfriend')),
      await me(),
      await me(basic('testname', 'wrong')),
      await me(basic('testname')),
    ];
    expect(answers.map((answer) => answer.reusedSocket)).toEqual([true, true, true, true]);
    expect(answers.map(({ body }) => body.data?.me ?? body.errors?.[0]?.extensions?.code)).toEqual([
      { userName: 'bfriend' },
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      { userName: 'testname' },
    ]);
  });

  it('answers the next client after one that left in the middle of its body', async () => {
    const socket = net.connect(Number(new URL(stack.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{"query":',
    );
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.destroy();
    await closed;
    const next = await post(agent, stack.url, '{ me { userName } }', {
      authorization: basic('testname'),
    });
    expect(next.body.data).toEqual({ me: { userName: 'testname' } });
  });
});
