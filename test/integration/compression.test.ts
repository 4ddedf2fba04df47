import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { rawRequest } from '../support/http.js';
import { basic, startStack, type Stack } from '../support/stack.js';

/** The seed session's transcript, asked for in several copies: well over a kilobyte of JSON. */
const LARGE_QUERY = `{ smsSessions { id participants { id nickname } ${Array.from(
  { length: 5 },
  (_, i) => `m${i}: messages { id index type text timestamp }`,
).join(' ')} } }`;

function post(url: string, query: string, acceptEncoding?: string) {
  return rawRequest(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: basic('testname'),
      ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
    },
    body: JSON.stringify({ query }),
  });
}

describe('compression of GraphQL answers over HTTP', () => {
  let stack: Stack;
  let plain: Buffer;
  beforeAll(async () => {
    stack = await startStack({ env: { CORS_ORIGINS: 'https://app.example.com' } });
    const identity = await post(stack.url, LARGE_QUERY);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toMatch(/Accept-Encoding/);
    plain = identity.body;
    expect(plain.length).toBeGreaterThan(1024);
    expect(JSON.parse(plain.toString()).errors).toBeUndefined();
  });
  afterAll(() => stack.close());

  it.each([
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
  ])(
    'answers Accept-Encoding: %s with %s, smaller and the same once decoded',
    async (accept, encoding, decode) => {
      const answer = await post(stack.url, LARGE_QUERY, accept);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(answer.headers.vary).toMatch(/Accept-Encoding/);
      expect(answer.body.length).toBeLessThan(plain.length);
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(JSON.parse(decode(answer.body).toString())).toEqual(JSON.parse(plain.toString()));
    },
  );

  it('sends a small answer as it is, and keeps Vary: Origin beside Accept-Encoding', async () => {
    const answer = await rawRequest(stack.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: basic('testname'),
        'accept-encoding': 'br, gzip',
        origin: 'https://app.example.com',
      },
      body: JSON.stringify({ query: '{ me { userName } }' }),
    });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(String(answer.headers.vary).split(', ')).toEqual(['Origin', 'Accept-Encoding']);
    expect(JSON.parse(answer.body.toString())).toEqual({ data: { me: { userName: 'testname' } } });
  });
});
