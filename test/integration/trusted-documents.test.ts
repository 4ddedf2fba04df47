import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { createGateway } from '../../src/server.js';
import { EventStream } from '../support/event-stream.js';
import { overWebSocket } from '../support/graphql-ws.js';
import { overLegacyWebSocket } from '../support/legacy-ws.js';
import { MultipartSubscription } from '../support/multipart.js';
import { rawRequest } from '../support/http.js';
import { scrapeMetrics, seriesValue } from '../support/metrics.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { allReceiving, hasText } from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';
const ME = 'query Me { me { userName } }';
const EVENTS = `subscription Events {
  smsSessionEvents { __typename sessionId ... on SmsMessagesAdded { messages { text } } }
}`;
const AD_HOC = '{ me { userName firstName } }';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byHash = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(text) } });
const NOT_ALLOWED = { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_NOT_ALLOWED' };

function manifestFile(manifest: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'trusted-')), 'persisted-documents.json');
  writeFileSync(file, JSON.stringify(manifest));
  return file;
}

function post(url: string, body: Record<string, unknown>) {
  return rawRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic('testname') },
    body: JSON.stringify(body),
  });
}

const json = (body: Buffer) => JSON.parse(body.toString()) as Record<string, unknown>;

describe('TRUSTED_DOCUMENTS', () => {
  let stack: Stack;
  beforeAll(async () => {
    const file = manifestFile({ [sha256(ME)]: ME, [sha256(EVENTS)]: EVENTS });
    stack = await startStack({ env: { TRUSTED_DOCUMENTS: file } });
  });
  beforeEach(() => stack.simulator.clearRequests());
  afterAll(() => stack.close());

  it('runs a listed document by its hash over HTTP POST and GET, and by its whole text', async () => {
    const posted = await post(stack.url, { operationName: 'Me', extensions: byHash(ME) });
    expect(json(posted.body)).toEqual({ data: { me: { userName: 'testname' } } });

    const search = new URLSearchParams({ extensions: JSON.stringify(byHash(ME)) });
    const got = await rawRequest(`${stack.url}?${search}`, {
      headers: { authorization: basic('testname'), 'apollo-require-preflight': 'true' },
    });
    expect(got.status).toBe(200);
    expect(json(got.body)).toEqual({ data: { me: { userName: 'testname' } } });

    expect(json((await post(stack.url, { query: ME })).body)).toEqual({
      data: { me: { userName: 'testname' } },
    });
  });

  it('refuses an ad-hoc operation over HTTP, sending nothing upstream', async () => {
    for (const body of [
      { query: AD_HOC },
      { extensions: byHash(AD_HOC) },
      // Automatic persisted queries: a client cannot register a document of its own.
      { query: AD_HOC, extensions: byHash(AD_HOC) },
      // A listed hash does not carry another text along.
      { query: AD_HOC, extensions: byHash(ME) },
    ]) {
      const answer = await post(stack.url, body);
      expect(answer.status).toBe(400);
      expect(json(answer.body)).toEqual({
        errors: [expect.objectContaining({ extensions: NOT_ALLOWED })],
      });
    }
    expect(stack.simulator.requests()).toEqual([]);
    expect(
      seriesValue(
        await scrapeMetrics(stack.url),
        'gateway_refused_requests_total{reason="untrusted_document"}',
      ),
    ).toBeGreaterThanOrEqual(4);
  });

  it('runs a listed document by hash over graphql-ws, with an empty query, and refuses an ad-hoc one', async () => {
    const listed = await overWebSocket(stack.url, basic('testname'), {
      query: '',
      extensions: byHash(ME),
    });
    expect(listed).toEqual({ data: { me: { userName: 'testname' } } });
    stack.simulator.clearRequests();
    const adHoc = await overWebSocket(stack.url, basic('testname'), { query: AD_HOC });
    expect(adHoc.errors).toEqual([expect.objectContaining({ extensions: NOT_ALLOWED })]);
    expect(stack.simulator.requests()).toEqual([]);
  });

  it('runs a listed document by hash over the legacy graphql-ws subprotocol, and refuses an ad-hoc one', async () => {
    const listed = await overLegacyWebSocket(stack.url, basic('testname'), {
      extensions: byHash(ME),
    });
    expect(listed).toEqual({ data: { me: { userName: 'testname' } } });
    stack.simulator.clearRequests();
    const adHoc = await overLegacyWebSocket(stack.url, basic('testname'), { query: AD_HOC });
    expect(adHoc.errors).toEqual([expect.objectContaining({ extensions: NOT_ALLOWED })]);
    expect(stack.simulator.requests()).toEqual([]);
  });

  it('streams a listed subscription by hash over multipart HTTP, and refuses an ad-hoc one with 400, sending nothing upstream', async () => {
    stack.simulator.clearRequests();
    const adHoc = await MultipartSubscription.open(stack.url, {
      authorization: basic('dlee'),
      body: { query: 'subscription { smsSessionEvents { sessionId } }' },
    });
    adHoc.subscription.close();
    expect(adHoc.status).toBe(400);
    expect(JSON.parse(adHoc.body as string)).toEqual({
      errors: [expect.objectContaining({ extensions: NOT_ALLOWED })],
    });
    expect(stack.simulator.requests()).toEqual([]);

    const listed = await MultipartSubscription.open(stack.url, {
      authorization: basic('testname'),
      body: { operationName: 'Events', extensions: byHash(EVENTS) },
    });
    try {
      expect(listed.status).toBe(200);
      await allReceiving(stack.simulator, SEED_SESSION, listed.subscription);
      stack.simulator.sendCustomerMessage(SEED_SESSION, 'trusted over multipart');
      await listed.subscription.waitFor(hasText('trusted over multipart'));
    } finally {
      listed.subscription.close();
    }
  });

  it('streams a listed subscription by hash over Server-Sent Events, and refuses an ad-hoc one with 400, sending nothing upstream', async () => {
    stack.simulator.clearRequests();
    // A credential the gateway has not checked yet: it is not checked for a refused document.
    const adHoc = await EventStream.open(`${stack.url}/stream`, {
      authorization: basic('dlee'),
      body: { query: 'subscription { smsSessionEvents { sessionId } }' },
    });
    adHoc.stream.close();
    expect(adHoc.status).toBe(400);
    expect(JSON.parse(adHoc.body as string)).toEqual({
      errors: [expect.objectContaining({ extensions: NOT_ALLOWED })],
    });
    expect(stack.simulator.requests()).toEqual([]);

    const listed = await EventStream.open(`${stack.url}/stream`, {
      authorization: basic('testname'),
      body: { operationName: 'Events', extensions: byHash(EVENTS) },
    });
    try {
      expect(listed.status).toBe(200);
      await allReceiving(stack.simulator, SEED_SESSION, listed.stream);
      stack.simulator.sendCustomerMessage(SEED_SESSION, 'trusted over SSE');
      await listed.stream.waitFor(hasText('trusted over SSE'));
    } finally {
      listed.stream.close();
    }
  });
});

/** As `@apollo/generate-persisted-query-manifest` writes it: ids are the body's sha256 by default. */
function apolloManifest(operations: { id?: string; name: string; type: string; body: string }[]) {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: operations.map(({ id, ...operation }) => ({
      id: id ?? sha256(operation.body),
      ...operation,
    })),
  };
}

const SESSIONS = 'query Sessions { smsSessions { id } }';

describe('TRUSTED_DOCUMENTS in Apollo’s persisted-query manifest format', () => {
  let stack: Stack;
  beforeAll(async () => {
    const file = manifestFile(
      apolloManifest([
        { name: 'Me', type: 'query', body: ME },
        { id: 'sessions-v2', name: 'Sessions', type: 'query', body: SESSIONS },
        { name: 'Events', type: 'subscription', body: EVENTS },
      ]),
    );
    stack = await startStack({ env: { TRUSTED_DOCUMENTS: file } });
  });
  beforeEach(() => stack.simulator.clearRequests());
  afterAll(() => stack.close());

  it('runs an operation by the hash Apollo Client sends, and by documentId with or without sha256:', async () => {
    for (const body of [
      { operationName: 'Me', extensions: byHash(ME) },
      { documentId: sha256(ME) },
      { documentId: `sha256:${sha256(ME)}` },
    ]) {
      const answer = await post(stack.url, body);
      expect(json(answer.body)).toEqual({ data: { me: { userName: 'testname' } } });
    }
    const search = new URLSearchParams({ documentId: sha256(ME) });
    const got = await rawRequest(`${stack.url}?${search}`, {
      headers: { authorization: basic('testname'), 'apollo-require-preflight': 'true' },
    });
    expect(json(got.body)).toEqual({ data: { me: { userName: 'testname' } } });
  });

  it('takes an id of the manifest’s own choosing', async () => {
    const answer = await post(stack.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'sessions-v2' } },
    });
    expect(json(answer.body)).toEqual({
      data: { smsSessions: expect.arrayContaining([{ id: SEED_SESSION }]) },
    });
    expect(json((await post(stack.url, { documentId: 'sessions-v2' })).body)).toEqual({
      data: { smsSessions: expect.arrayContaining([{ id: SEED_SESSION }]) },
    });
  });

  it('refuses an id it does not hold and an ad-hoc text, sending nothing upstream', async () => {
    for (const body of [
      { documentId: sha256(AD_HOC) },
      { documentId: 'sessions-v3' },
      { query: AD_HOC },
      { documentId: sha256(ME), query: AD_HOC },
    ]) {
      const answer = await post(stack.url, body);
      expect(answer.status).toBe(400);
      expect(json(answer.body)).toEqual({
        errors: [expect.objectContaining({ extensions: NOT_ALLOWED })],
      });
    }
    expect(stack.simulator.requests()).toEqual([]);
  });

  it('runs a listed operation by hash or documentId over graphql-ws', async () => {
    for (const named of [{ extensions: byHash(ME) }, { documentId: `sha256:${sha256(ME)}` }]) {
      const listed = await overWebSocket(stack.url, basic('testname'), { query: '', ...named });
      expect(listed).toEqual({ data: { me: { userName: 'testname' } } });
    }
  });
});

describe('TRUSTED_DOCUMENTS in codegen client-preset’s format, keys prefixed sha256:', () => {
  let stack: Stack;
  beforeAll(async () => {
    const file = manifestFile({ [`sha256:${sha256(ME)}`]: ME, [sha256(SESSIONS)]: SESSIONS });
    stack = await startStack({ env: { TRUSTED_DOCUMENTS: file } });
  });
  afterAll(() => stack.close());

  it('runs its documents by hash and by documentId, and refuses others', async () => {
    expect(json((await post(stack.url, { extensions: byHash(ME) })).body)).toEqual({
      data: { me: { userName: 'testname' } },
    });
    expect(json((await post(stack.url, { documentId: `sha256:${sha256(ME)}` })).body)).toEqual({
      data: { me: { userName: 'testname' } },
    });
    // Client-preset documents carry the prefixed hash, which a persisted-query link sends on.
    const prefixed = { persistedQuery: { version: 1, sha256Hash: `sha256:${sha256(ME)}` } };
    expect(json((await post(stack.url, { extensions: prefixed })).body)).toEqual({
      data: { me: { userName: 'testname' } },
    });
    expect(json((await post(stack.url, { extensions: byHash(SESSIONS) })).body)).toEqual({
      data: { smsSessions: expect.arrayContaining([{ id: SEED_SESSION }]) },
    });
    expect((await post(stack.url, { query: AD_HOC })).status).toBe(400);
  });
});

describe('a TRUSTED_DOCUMENTS file that cannot be used', () => {
  it.each([
    [
      'a key that is not its document’s hash',
      { [sha256('{ me { id } }')]: ME },
      /is not the lowercase sha256 hex/,
    ],
    ['a document that does not validate', { [sha256('{ nope }')]: '{ nope }' }, /is not valid/],
    ['an array', [ME], /must hold a JSON object/],
    [
      'a sha256: key that is not its document’s hash',
      { [`sha256:${sha256('{ me { id } }')}`]: ME },
      /entry "sha256:[0-9a-f]{64}" is not the lowercase sha256 hex/,
    ],
    [
      'an Apollo manifest of another version',
      { ...apolloManifest([{ name: 'Me', type: 'query', body: ME }]), version: 2 },
      /"apollo-persisted-query-manifest" version 1/,
    ],
    [
      'an Apollo manifest without operations',
      { format: 'apollo-persisted-query-manifest', version: 1 },
      /"operations" array/,
    ],
    [
      'an Apollo operation without a body',
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'x' }] },
      /operation 0 must have a string "id"/,
    ],
    [
      'an Apollo operation whose name is not its body’s',
      apolloManifest([{ name: 'Sessions', type: 'query', body: ME }]),
      /does not hold the query named Sessions/,
    ],
    [
      'an Apollo operation whose type is not its body’s',
      apolloManifest([{ name: 'Me', type: 'mutation', body: ME }]),
      /does not hold the mutation named Me/,
    ],
    [
      'an Apollo operation that does not validate',
      apolloManifest([{ name: 'Nope', type: 'query', body: 'query Nope { nope }' }]),
      /is not valid/,
    ],
    [
      'an Apollo id given twice',
      apolloManifest([
        { id: 'same', name: 'Me', type: 'query', body: ME },
        { id: 'same', name: 'Sessions', type: 'query', body: SESSIONS },
      ]),
      /"same" is given twice/,
    ],
  ])('stops the start with an error naming the variable: %s', async (_case, manifest, message) => {
    const file = manifestFile(manifest);
    const start = createGateway({
      config: { ...loadConfig({ TRUSTED_DOCUMENTS: file }), port: 0, host: '127.0.0.1' },
      gwsBaseUrl: 'http://127.0.0.1:9',
      logger: pino({ level: 'silent' }),
    });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/^TRUSTED_DOCUMENTS /);
    await expect(start).rejects.toThrow(message);
  });
});
