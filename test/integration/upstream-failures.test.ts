import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basic, onlyErrorCode, postGraphQL, startStack, type Stack } from '../support/stack.js';

/** A peer on loopback that answers every request with `answer`, or never when it is undefined. */
async function startPeer(
  answer?: (response: http.ServerResponse) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => answer?.(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('GWS unavailable → UPSTREAM_UNAVAILABLE', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('when nothing listens at GWS_BASE_URL', async () => {
    const peer = await startPeer();
    const closedUrl = peer.url;
    await peer.close();
    stack = await startStack({ gwsBaseUrl: closedUrl });
    const response = await stack.graphql('{ me { id } }');
    expect(onlyErrorCode(response)).toBe('UPSTREAM_UNAVAILABLE');
    const ready = await fetch(new URL('/readyz', stack.url));
    expect(ready.status).toBe(503);
  });

  it('when GWS does not answer within GWS_TIMEOUT_MS', async () => {
    stack = await startStack({ env: { GWS_TIMEOUT_MS: '300' } });
    stack.simulator.setResponseDelay(10_000);
    const startedAt = Date.now();
    const response = await stack.graphql('{ smsSessions { id } }');
    const elapsed = Date.now() - startedAt;
    expect(onlyErrorCode(response)).toBe('UPSTREAM_UNAVAILABLE');
    expect(response.errors?.[0]?.message).toMatch(/300 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5_000);
  });

  it.each([
    ['an HTML page', 200, 'text/html', '<html>Maintenance</html>'],
    ['JSON that is no GWS answer', 200, 'application/json', '{"hello":"world"}'],
    ['a server error', 502, 'text/plain', 'Bad gateway'],
  ])('when GWS answers %s', async (_case, status, contentType, body) => {
    const peer = await startPeer((response) => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    });
    try {
      stack = await startStack({ gwsBaseUrl: peer.url });
      const response = await stack.graphql('{ me { id } }');
      expect(onlyErrorCode(response)).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await peer.close();
    }
  });
});

describe('the HTTP endpoint', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_REQUEST_BYTES: '2048' } });
  });
  afterAll(() => stack.close());

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('testname') },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
  });

  it('refuses a body larger than MAX_REQUEST_BYTES', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('testname') },
      body: JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(4096)}` }),
    });
    expect(response.status).toBe(413);
  });

  it.each([
    ['a field the schema lacks', '{ me { shoeSize } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a query that does not parse', '{ me { id }', 'GRAPHQL_PARSE_FAILED'],
  ])('%s → BAD_USER_INPUT, with GraphQL’s reason', async (_case, query, reason) => {
    stack.simulator.clearRequests();
    const response = await postGraphQL(stack.url, query, undefined, basic('testname'));
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.reason).toBe(reason);
    expect(stack.simulator.requests()).toEqual([]);
  });
});
