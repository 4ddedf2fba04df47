import {
  AdviceInForce,
  BayeuxMessages,
  readBayeuxAnswer,
  type BayeuxMessage,
} from '../../src/gws/bayeux.js';

describe('BayeuxMessages', () => {
  it('numbers the messages of one client in order, across sessions', () => {
    const messages = new BayeuxMessages();
    expect(messages.handshake()).toEqual({
      channel: '/meta/handshake',
      version: '1.0',
      minimumVersion: '1.0',
      supportedConnectionTypes: ['long-polling'],
      id: '1',
    });
    expect(messages.subscribe('c1', '/v2/me/*')).toEqual({
      channel: '/meta/subscribe',
      clientId: 'c1',
      subscription: '/v2/me/*',
      id: '2',
    });
    expect(messages.handshake().id).toBe('3');
  });

  it('asks for the first long-poll of a session to be answered at once, and only the first', () => {
    const messages = new BayeuxMessages();
    expect(messages.connect('c1', true)).toEqual({
      channel: '/meta/connect',
      clientId: 'c1',
      connectionType: 'long-polling',
      advice: { timeout: 0 },
      id: '1',
    });
    expect(messages.connect('c1', false)).not.toHaveProperty('advice');
    expect(messages.disconnect('c1')).toEqual({
      channel: '/meta/disconnect',
      clientId: 'c1',
      id: '3',
    });
  });
});

describe('readBayeuxAnswer', () => {
  const request = new BayeuxMessages().connect('c1', false);
  const notification = (id: string) => ({ channel: '/v2/me/smssessions', data: { id } });

  function read(body: unknown) {
    const notifications: BayeuxMessage[] = [];
    const answer = readBayeuxAnswer(request, JSON.stringify(body), notifications);
    return { answer, notifications };
  }

  it('finds the reply by channel and id, and keeps the notifications in order', () => {
    const reply = { channel: '/meta/connect', id: '1', successful: true };
    const { answer, notifications } = read([notification('a'), reply, notification('b')]);
    expect(answer).toEqual({ kind: 'reply', reply });
    expect(notifications).toEqual([notification('a'), notification('b')]);
  });

  it('takes a reply that names no id, and not a reply to another request', () => {
    expect(read([{ channel: '/meta/connect', successful: true }]).answer.kind).toBe('reply');
    expect(read([{ channel: '/meta/connect', id: '7', successful: true }]).answer).toEqual({
      kind: 'no_reply',
    });
  });

  it('tells a /meta/disconnect from the server before any reply, notifications still kept', () => {
    const { answer, notifications } = read([
      { channel: '/meta/connect', id: '1', successful: true },
      { channel: '/meta/disconnect' },
      notification('a'),
    ]);
    expect(answer).toEqual({ kind: 'disconnected' });
    expect(notifications).toEqual([notification('a')]);
  });

  it.each([
    ['an empty list', []],
    ['an object', { channel: '/meta/connect' }],
    ['a message with no channel', [{ id: '1', successful: true }]],
    ['a message that is no object', [['/meta/connect']]],
  ])('finds no Bayeux messages in %s', (_case, body) => {
    expect(read(body).answer).toEqual({ kind: 'unreadable' });
  });

  it('finds no Bayeux messages in a body that is no JSON', () => {
    expect(readBayeuxAnswer(request, '<html>maintenance</html>', [])).toEqual({
      kind: 'unreadable',
    });
  });
});

describe('AdviceInForce', () => {
  it('starts from CometD’s defaults and takes each field advised, as long as it makes sense', () => {
    const advice = new AdviceInForce(5_000);
    expect(advice).toMatchObject({ reconnect: 'retry', intervalMs: 0, timeoutMs: 30_000 });
    advice.take({ reconnect: 'handshake', interval: 250 });
    expect(advice).toMatchObject({ reconnect: 'handshake', intervalMs: 250, timeoutMs: 30_000 });
    advice.take({ reconnect: 'later', interval: -1, timeout: 'soon' });
    expect(advice).toMatchObject({ reconnect: 'handshake', intervalMs: 250, timeoutMs: 30_000 });
  });

  it('caps the advised interval and hold, so no advice can stall the stream', () => {
    const advice = new AdviceInForce(5_000);
    advice.take({ interval: 60_000, timeout: 3_600_000 });
    expect(advice).toMatchObject({ intervalMs: 5_000, timeoutMs: 600_000 });
  });

  it('forgets the reconnect advice of the last session when a new one starts', () => {
    const advice = new AdviceInForce(5_000);
    advice.take({ reconnect: 'none', timeout: 500 });
    advice.startSession();
    expect(advice).toMatchObject({ reconnect: 'retry', timeoutMs: 500 });
  });
});
