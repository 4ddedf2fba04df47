import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import { pino } from 'pino';
import WebSocket from 'ws';
import { overWebSocket } from '../support/graphql-ws.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const PRODUCTION = { NODE_ENV: 'production', GWS_BASE_URL: 'http://gws.example.com:8090' };
const INTROSPECTION = '{ __schema { queryType { name } } }';
const MISSPELLED = '{ smsSesions { id } }';

let stack: Stack;
afterEach(() => stack.close());

async function bothTransports(query: string) {
  const overHttp = await stack.graphql(query);
  const overSocket = await overWebSocket(stack.url, basic('testname'), { query });
  return [overHttp, overSocket];
}

describe('NODE_ENV=production', () => {
  it('refuses introspection and suggests no field names, over HTTP and WebSocket alike', async () => {
    stack = await startStack({ env: PRODUCTION });
    for (const answer of await bothTransports(INTROSPECTION)) {
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toMatch(/introspection/i);
    }
    for (const answer of await bothTransports(MISSPELLED)) {
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toBe('Cannot query field "smsSesions" on type "Query".');
      expect(answer.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    }
  });

  it('answers introspection when INTROSPECTION=on', async () => {
    stack = await startStack({ env: { ...PRODUCTION, INTROSPECTION: 'on' } });
    for (const answer of await bothTransports(INTROSPECTION)) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    }
  });

  it('serves no playground unless PLAYGROUND=on', async () => {
    stack = await startStack({ env: PRODUCTION });
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(await page.text()).not.toMatch(/<html/i);
  });
});

describe('outside production', () => {
  it('answers introspection and suggests field names', async () => {
    stack = await startStack();
    expect((await stack.graphql(INTROSPECTION)).errors).toBeUndefined();
    expect((await stack.graphql(MISSPELLED)).errors?.[0]?.message).toMatch(/Did you mean/);
  });
});

describe('logging', () => {
  it('logs a WebSocket message over MAX_REQUEST_BYTES as JSON at info, never as a raw stack on stderr', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    stack = await startStack({ env: { MAX_REQUEST_BYTES: '2048' }, logger: pino(sink) });
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const socket = new WebSocket(stack.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send('x'.repeat(4096));
      expect(await closed).toBe(1009);
      await waitFor(() => lines.some((line) => line.includes('the client broke the protocol')));
      expect(printed).not.toHaveBeenCalled();
      for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
      // The client's fault, not the gateway's: below warn.
      const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(logged.find((line) => line.msg.includes('the client broke the protocol'))?.level).toBe(
        30,
      );
    } finally {
      printed.mockRestore();
    }
  });
});
