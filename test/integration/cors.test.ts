import WebSocket from 'ws';
import { EventStream } from '../support/event-stream.js';
import { rawRequest } from '../support/http.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { EVENTS_QUERY } from '../support/subscriber.js';

const APP = 'https://app.example.com';
const STRANGER = 'https://elsewhere.example.net';
const ME_QUERY = JSON.stringify({ query: '{ me { userName } }' });

/** What browsers ask before an Apollo Client POST carrying a trace context. */
const BROWSER_HEADERS = 'authorization, content-type, traceparent, apollographql-client-name';

function preflight(url: string, origin: string, requestHeaders = BROWSER_HEADERS) {
  return rawRequest(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': requestHeaders,
    },
  });
}

/** The header names of a comma-separated list, as a browser compares them. */
function headerNames(list: unknown): string[] {
  return String(list)
    .split(',')
    .map((name) => name.trim().toLowerCase());
}

/** The CORS headers of an answer: none for an origin that is refused. */
function corsHeaders(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => name.startsWith('access-control-'));
}

/** A POST of `{ me }` from `origin`; `host` replaces the Host header, as a rebound name sends it. */
function postFrom(url: string, origin: string | undefined, host?: string) {
  return rawRequest(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: basic('testname'),
      ...(origin ? { origin } : {}),
      ...(host ? { host } : {}),
    },
    body: ME_QUERY,
  });
}

/** How the server answers a Server-Sent Events subscription from `origin`: its HTTP status. */
async function streamFrom(url: string, origin: string, host?: string): Promise<number> {
  const { stream, status } = await EventStream.open(`${url}/stream`, {
    authorization: basic('testname'),
    body: { query: EVENTS_QUERY },
    headers: { origin, ...(host ? { host } : {}) },
  });
  stream.close();
  return status;
}

/** How the server answers a WebSocket upgrade: `open`, or the HTTP status that refused it. */
function upgrade(url: string, origin: string | undefined, host?: string): Promise<'open' | number> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', {
    ...(origin ? { origin } : {}),
    ...(host ? { headers: { host } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

describe('CORS and WebSocket origins', () => {
  describe('with CORS_ORIGINS set', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({
        env: {
          CORS_ORIGINS: `${APP}, http://localhost:5173`,
          CORS_ALLOWED_HEADERS: 'X-Request-Id',
        },
      });
    });
    afterAll(() => stack.close());

    it('grants a listed origin’s preflight with its methods, headers and max-age', async () => {
      const answer = await preflight(stack.url, APP);
      expect(answer.status).toBe(204);
      expect(answer.headers['access-control-allow-origin']).toBe(APP);
      expect(answer.headers.vary).toMatch(/Origin/);
      expect(answer.headers['access-control-allow-methods']).toMatch(/POST/);
      const allowedHeaders = headerNames(answer.headers['access-control-allow-headers']);
      expect(allowedHeaders).toEqual(
        expect.arrayContaining([
          ...headerNames(BROWSER_HEADERS),
          'accept',
          'apollo-require-preflight',
          'x-apollo-operation-name',
          'apollographql-client-version',
          'tracestate',
          'last-event-id',
          'x-request-id',
        ]),
      );
      expect(Number(answer.headers['access-control-max-age'])).toBeGreaterThan(0);
      expect(answer.body.length).toBe(0);
    });

    it('allows no request header beyond its list, whatever the preflight asks', async () => {
      const answer = await preflight(stack.url, APP, 'authorization, x-not-listed');
      expect(answer.status).toBe(204);
      expect(headerNames(answer.headers['access-control-allow-headers'])).not.toContain(
        'x-not-listed',
      );
    });

    it('answers a listed origin’s request with Access-Control-Allow-Origin', async () => {
      const answer = await postFrom(stack.url, 'http://localhost:5173');
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(answer.headers.vary).toMatch(/Origin/);
      expect(JSON.parse(answer.body.toString())).toEqual({
        data: { me: { userName: 'testname' } },
      });
    });

    it('refuses another origin’s preflight and request with 403 and no grant', async () => {
      stack.simulator.clearRequests();
      for (const answer of [
        await preflight(stack.url, STRANGER),
        await postFrom(stack.url, STRANGER),
      ]) {
        expect(answer.status).toBe(403);
        expect(corsHeaders(answer.headers)).toEqual([]);
        expect(answer.body.toString()).toMatch(/not allowed/);
      }
      expect(stack.simulator.requests()).toEqual([]);
    });

    it('keeps Apollo’s CSRF prevention for a listed origin', async () => {
      const answer = await rawRequest(
        `${stack.url}?query=${encodeURIComponent('{ me { userName } }')}`,
        {
          headers: { origin: APP, authorization: basic('testname') },
        },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.toString()).toMatch(/CSRF/);
    });

    it('opens WebSockets from a listed origin and without Origin, refuses others with 403', async () => {
      expect(await upgrade(stack.url, APP)).toBe('open');
      expect(await upgrade(stack.url, undefined)).toBe('open');
      expect(await upgrade(stack.url, STRANGER)).toBe(403);
    });
  });

  describe('with CORS_ORIGINS unset', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    });
    afterAll(() => stack.close());

    it('allows no other origin, and serves clients without Origin and the gateway’s own pages', async () => {
      expect((await preflight(stack.url, APP)).status).toBe(403);
      expect(await upgrade(stack.url, APP)).toBe(403);
      const own = new URL(stack.url).origin;
      expect((await preflight(stack.url, own)).status).toBe(204);
      const sameOrigin = await postFrom(stack.url, own);
      expect(sameOrigin.status).toBe(200);
      expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
      expect(await upgrade(stack.url, own)).toBe('open');
      expect((await postFrom(stack.url, undefined)).status).toBe(200);
    });

    it('takes every loopback origin of its own port as its own, and no other port’s', async () => {
      const { port } = new URL(stack.url);
      for (const own of [
        `http://localhost:${port}`,
        `http://127.0.0.1:${port}`,
        `http://[::1]:${port}`,
      ]) {
        expect((await postFrom(stack.url, own)).status).toBe(200);
        expect(await upgrade(stack.url, own)).toBe('open');
      }
      const otherPort = `http://127.0.0.1:${Number(port) === 1 ? 2 : Number(port) - 1}`;
      expect((await postFrom(stack.url, otherPort)).status).toBe(403);
      expect(await upgrade(stack.url, otherPort)).toBe(403);
    });

    it('never trusts an origin because it matches the Host header (DNS rebinding)', async () => {
      const { port } = new URL(stack.url);
      const host = `evil.example:${port}`;
      const rebound = `http://${host}`;
      stack.simulator.clearRequests();
      const answer = await postFrom(stack.url, rebound, host);
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(await upgrade(stack.url, rebound, host)).toBe(403);
      expect(await streamFrom(stack.url, rebound, host)).toBe(403);
      // Nor does a loopback Host make an origin of another port the gateway's own.
      expect(await upgrade(stack.url, 'http://127.0.0.1:1', '127.0.0.1:1')).toBe(403);
      expect(stack.simulator.requests()).toEqual([]);
    });
  });

  describe('with PUBLIC_URL set', () => {
    const PUBLIC = 'https://gateway.example.com';
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env: { PUBLIC_URL: `${PUBLIC}/` } });
    });
    afterAll(() => stack.close());

    it('takes the public origin as its own, and loopback origins no longer', async () => {
      const fromPublic = await postFrom(stack.url, PUBLIC, 'gateway.example.com');
      expect(fromPublic.status).toBe(200);
      expect(fromPublic.headers['access-control-allow-origin']).toBeUndefined();
      expect(await upgrade(stack.url, PUBLIC, 'gateway.example.com')).toBe('open');
      expect(await streamFrom(stack.url, PUBLIC)).toBe(200);
      const loopback = new URL(stack.url).origin;
      expect((await postFrom(stack.url, loopback)).status).toBe(403);
      expect(await upgrade(stack.url, loopback)).toBe(403);
    });
  });

  describe('under NODE_ENV=production with PUBLIC_URL unset', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({
        env: {
          NODE_ENV: 'production',
          GWS_BASE_URL: 'http://gws.example.com:8090',
          CORS_ORIGINS: APP,
        },
      });
    });
    afterAll(() => stack.close());

    it('trusts CORS_ORIGINS and requests without Origin only', async () => {
      const loopback = new URL(stack.url).origin;
      expect((await postFrom(stack.url, loopback)).status).toBe(403);
      expect(await upgrade(stack.url, loopback)).toBe(403);
      expect(await streamFrom(stack.url, loopback)).toBe(403);
      expect((await postFrom(stack.url, APP)).status).toBe(200);
      expect(await upgrade(stack.url, APP)).toBe('open');
      expect((await postFrom(stack.url, undefined)).status).toBe(200);
    });
  });
});
