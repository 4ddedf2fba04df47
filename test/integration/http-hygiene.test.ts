import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { basic, startStack, type Stack } from '../support/stack.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One POST over `agent`, so the test decides which connections requests share. */
function post(agent: http.Agent, url: string, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: basic('testname') },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('HTTP server hygiene', () => {
  let stack: Stack;
  let agent: http.Agent;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        MAX_REQUEST_BYTES: '2048',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
      },
    });
  });
  beforeEach(() => {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    stack.simulator.clearRequests();
  });
  afterEach(() => agent.destroy());
  afterAll(() => stack.close());

  it('answers 413 with Connection: close, and the client’s next request works', async () => {
    const tooLarge = JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(64 * 1024)}` });
    const refused = await post(agent, stack.url, tooLarge);
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe('close');
    const next = await post(agent, stack.url, JSON.stringify({ query: '{ me { id } }' }));
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body)).toEqual({ data: { me: { id: expect.any(String) } } });
  });

  it('reads the rest of a body past the limit, answers 413 and closes cleanly, with no reset', async () => {
    const body = JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(1024 * 1024)}` });
    const socket = net.connect(Number(new URL(stack.url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const ended = new Promise<string>((resolve) => {
      socket.once('end', () => resolve('end'));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    socket.end(body);
    expect(await ended).toBe('end');
    expect(received).toMatch(/^HTTP\/1\.1 413 [^]*\r\nConnection: close\r\n/i);
  });

  it.each([
    [
      'whose hash is not the query’s',
      { query: '{ me { id } }', sha256Hash: sha256('other'), version: 1 },
    ],
    ['of an unsupported version', { query: '{ me { id } }', sha256Hash: 'x', version: 2 }],
  ])('answers a persisted query %s with 400 and BAD_USER_INPUT', async (_case, sent) => {
    const answer = await post(
      agent,
      stack.url,
      JSON.stringify({
        query: sent.query,
        extensions: { persistedQuery: { version: sent.version, sha256Hash: sent.sha256Hash } },
      }),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' } }),
    ]);
    expect(stack.simulator.requests()).toEqual([]);
  });

  it('answers a subscription sent over HTTP with 400 and BAD_USER_INPUT', async () => {
    const answer = await post(
      agent,
      stack.url,
      JSON.stringify({ query: 'subscription { smsSessionEvents { sessionId } }' }),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    expect(stack.simulator.requests()).toEqual([]);
  });

  it('drops a client that does not finish its headers within HTTP_HEADERS_TIMEOUT_MS', async () => {
    const { port } = new URL(stack.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write('POST /graphql HTTP/1.1\r\nHost: gateway\r\n');
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
