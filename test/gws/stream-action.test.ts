import type { AdvisedReconnect, BayeuxMessage } from '../../src/gws/bayeux.js';
import { GwsError } from '../../src/gws/errors.js';
import {
  nextAction,
  type StepOutcome,
  type StreamAction,
  type StreamStep,
} from '../../src/gws/stream-action.js';

const HANDSHAKE: StreamStep = { step: 'handshake' };
const SUBSCRIBE: StreamStep = { step: 'subscribe', subscription: '/v2/me/*' };
const CONNECT: StreamStep = { step: 'connect' };

const reply = (channel: string, fields: Partial<BayeuxMessage>): StepOutcome => ({
  kind: 'reply',
  reply: { channel, id: '1', ...fields },
});
const handshakeReply = (fields: Partial<BayeuxMessage>) => reply('/meta/handshake', fields);
const subscribeReply = (fields: Partial<BayeuxMessage>) => reply('/meta/subscribe', fields);
const connectReply = (fields: Partial<BayeuxMessage>) => reply('/meta/connect', fields);
const refused = (error: unknown, advice?: BayeuxMessage['advice']) => ({
  successful: false,
  error,
  ...(advice ? { advice } : {}),
});

const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const unavailable = new GwsError('unavailable', 'GWS did not answer within 2000 ms.');
const cancelled = new GwsError('cancelled', 'The request was cancelled: its caller went away.');
const unauthenticated = new GwsError('unauthenticated', 'GWS did not accept the credentials.', 20);
const throttled = new GwsError('throttled', 'Too many sign-ins.');

/** An action as plain data, its error by kind and message. */
type Expected =
  | { action: 'proceed'; clientId?: string }
  | { action: 'retry' | 'handshake'; reason: string }
  | { action: 'none'; kind: string; message: string; credentialRefused: boolean };

function plain(action: StreamAction): Expected {
  if (action.action !== 'none') return action;
  const { error, credentialRefused } = action;
  return { action: 'none', kind: error.kind, message: error.message, credentialRefused };
}

const none = (kind: string, message: string, credentialRefused = false): Expected => ({
  action: 'none',
  kind,
  message,
  credentialRefused,
});
const handshake = (reason: string): Expected => ({ action: 'handshake', reason });
const proceeded: Expected = { action: 'proceed' };

const cases: [string, StreamStep, StepOutcome, AdvisedReconnect, Expected][] = [
  // Reading the agent before the handshake.
  [
    'the agent not read: GWS unreachable',
    HANDSHAKE,
    { kind: 'unidentified', error: unavailable },
    'retry',
    handshake('reading the agent failed (GWS did not answer within 2000 ms.)'),
  ],
  [
    'the agent not read: the credential refused',
    HANDSHAKE,
    { kind: 'unidentified', error: unauthenticated },
    'retry',
    none('unauthenticated', 'GWS did not accept the credentials.'),
  ],
  [
    'the agent not read: sign-ins throttled',
    HANDSHAKE,
    { kind: 'unidentified', error: throttled },
    'retry',
    none('throttled', 'Too many sign-ins.'),
  ],
  // A request that got no answer.
  [
    'a handshake whose connection was reset',
    HANDSHAKE,
    { kind: 'failed', error: reset },
    'retry',
    handshake('/meta/handshake failed (ECONNRESET)'),
  ],
  [
    'a long-poll cancelled',
    CONNECT,
    { kind: 'failed', error: cancelled },
    'retry',
    handshake('/meta/connect failed (The request was cancelled: its caller went away.)'),
  ],
  [
    'a subscribe whose CSRF refresh met a refused credential',
    SUBSCRIBE,
    { kind: 'failed', error: unauthenticated },
    'retry',
    none('unauthenticated', 'GWS did not accept the credentials.'),
  ],
  // HTTP answers that are not 2xx.
  [
    'a handshake answered 401',
    HANDSHAKE,
    { kind: 'http_status', status: 401 },
    'retry',
    none(
      'unauthenticated',
      'GWS refused the notification request /meta/handshake (HTTP 401).',
      true,
    ),
  ],
  [
    'a handshake answered 403',
    HANDSHAKE,
    { kind: 'http_status', status: 403 },
    'retry',
    none('forbidden', 'GWS refused the notification request /meta/handshake (HTTP 403).'),
  ],
  [
    'a subscribe answered 403',
    SUBSCRIBE,
    { kind: 'http_status', status: 403 },
    'retry',
    handshake('GWS refused the notification request /meta/subscribe (HTTP 403).'),
  ],
  [
    'a long-poll answered 401',
    CONNECT,
    { kind: 'http_status', status: 401 },
    'retry',
    handshake('GWS refused the notification request /meta/connect (HTTP 401).'),
  ],
  [
    'a long-poll answered 502',
    CONNECT,
    { kind: 'http_status', status: 502 },
    'retry',
    handshake('GWS answered /meta/connect with HTTP 502'),
  ],
  [
    'a handshake answered 500',
    HANDSHAKE,
    { kind: 'http_status', status: 500 },
    'retry',
    handshake('GWS answered /meta/handshake with HTTP 500'),
  ],
  // 2xx answers that are no usable Bayeux reply.
  [
    'a long-poll answered with no Bayeux messages',
    CONNECT,
    { kind: 'unreadable' },
    'retry',
    handshake('GWS answered /meta/connect with no Bayeux messages'),
  ],
  [
    'a /meta/disconnect from the server',
    CONNECT,
    { kind: 'disconnected' },
    'retry',
    handshake('GWS ended the notification session'),
  ],
  [
    'a subscribe answered without its reply',
    SUBSCRIBE,
    { kind: 'no_reply' },
    'retry',
    handshake('GWS sent no reply to /meta/subscribe'),
  ],
  // Handshake replies: the reply's own advice counts, not the one in force.
  [
    'a handshake accepted',
    HANDSHAKE,
    handshakeReply({ successful: true, clientId: 'c1' }),
    'retry',
    { action: 'proceed', clientId: 'c1' },
  ],
  [
    'a handshake "accepted" with no client id',
    HANDSHAKE,
    handshakeReply({ successful: true, clientId: '' }),
    'retry',
    none('unauthenticated', 'GWS declined the notification handshake (no reason given).'),
  ],
  [
    'a handshake declined, advised to retry',
    HANDSHAKE,
    handshakeReply(refused('500::busy', { reconnect: 'retry' })),
    'retry',
    handshake('GWS declined the notification handshake (500::busy)'),
  ],
  [
    'a handshake declined, advised to handshake',
    HANDSHAKE,
    handshakeReply(refused('402::session_unknown', { reconnect: 'handshake' })),
    'handshake',
    handshake('GWS declined the notification handshake (402::session_unknown)'),
  ],
  [
    'a handshake denied, advised not to come back',
    HANDSHAKE,
    handshakeReply(refused('403::handshake_denied', { reconnect: 'none' })),
    'none',
    none('unauthenticated', 'GWS declined the notification handshake (403::handshake_denied).'),
  ],
  [
    'a handshake declined with no advice of its own',
    HANDSHAKE,
    handshakeReply(refused('403::handshake_denied')),
    'retry',
    none('unauthenticated', 'GWS declined the notification handshake (403::handshake_denied).'),
  ],
  // Subscribe replies.
  ['a subscription accepted', SUBSCRIBE, subscribeReply({ successful: true }), 'retry', proceeded],
  [
    'a subscription refused for an unknown client',
    SUBSCRIBE,
    subscribeReply(refused('402::Unknown client')),
    'retry',
    handshake('GWS refused the subscription to /v2/me/* (402::Unknown client)'),
  ],
  [
    'a subscription refused, advised to handshake',
    SUBSCRIBE,
    subscribeReply(refused('500::later', { reconnect: 'handshake' })),
    'handshake',
    handshake('GWS refused the subscription to /v2/me/* (500::later)'),
  ],
  [
    'a subscription denied',
    SUBSCRIBE,
    subscribeReply(refused('403::subscription_denied')),
    'retry',
    none('forbidden', 'GWS refused the subscription to /v2/me/* (403::subscription_denied).'),
  ],
  // Long-poll replies: the advice in force counts, this reply's included.
  ['a long-poll answered', CONNECT, connectReply({ successful: true }), 'retry', proceeded],
  [
    'a long-poll answered under advice not to come back',
    CONNECT,
    connectReply({ successful: true }),
    'none',
    proceeded,
  ],
  [
    'a long-poll refused, advised to retry',
    CONNECT,
    connectReply(refused('500::overloaded')),
    'retry',
    { action: 'retry', reason: 'GWS refused the long-poll (500::overloaded)' },
  ],
  [
    'a long-poll refused for an unknown client, though advised to retry',
    CONNECT,
    connectReply(refused('402::Unknown client')),
    'retry',
    handshake('GWS refused the long-poll (402::Unknown client)'),
  ],
  [
    'a long-poll refused, advised to handshake',
    CONNECT,
    connectReply(refused('500::moved', { reconnect: 'handshake' })),
    'handshake',
    handshake('GWS refused the long-poll (500::moved)'),
  ],
  [
    'a long-poll refused, advised not to come back',
    CONNECT,
    connectReply(refused('500::closing')),
    'none',
    none('unavailable', 'GWS refused the long-poll (500::closing) and advised not to retry.'),
  ],
  [
    'a long-poll refused with an error that is no string',
    CONNECT,
    connectReply(refused(402)),
    'retry',
    { action: 'retry', reason: 'GWS refused the long-poll (no reason given)' },
  ],
];

describe('nextAction: every outcome of a step → what the stream does', () => {
  it.each(cases)('%s', (_case, step, outcome, reconnect, expected) => {
    expect(plain(nextAction(step, outcome, reconnect))).toEqual(expected);
  });

  it('ends the stream with the very error a refused credential gave', () => {
    const action = nextAction(HANDSHAKE, { kind: 'unidentified', error: unauthenticated }, 'retry');
    expect(action.action === 'none' ? action.error : undefined).toBe(unauthenticated);
  });
});
