import {
  dataMessageStart,
  parseLegacyMessage,
  stringifyLegacyMessage,
} from '../../src/use/ws-legacy-protocol.js';

describe('the legacy graphql-ws subprotocol’s messages', () => {
  it.each([
    [
      'connection_init',
      { type: 'connection_init', payload: { a: 1 } },
      { type: 'connection_init', payload: { a: 1 } },
    ],
    [
      'connection_init without payload',
      { type: 'connection_init' },
      { type: 'connection_init', payload: undefined },
    ],
    ['connection_terminate', { type: 'connection_terminate' }, { type: 'connection_terminate' }],
    ['stop', { type: 'stop', id: '3' }, { type: 'stop', id: '3' }],
    [
      'start',
      { type: 'start', id: '1', payload: { query: '{ me { id } }', variables: null } },
      {
        type: 'start',
        id: '1',
        payload: {
          query: '{ me { id } }',
          operationName: undefined,
          variables: undefined,
          extensions: undefined,
        },
      },
    ],
  ])('reads %s', (_case, message, read) => {
    expect(parseLegacyMessage(JSON.stringify(message))).toEqual(read);
  });

  it.each([
    ['text that is not JSON', '{', undefined],
    ['an array', '[]', undefined],
    ['an unknown type', '{"type":"subscribe","id":"1"}', '1'],
    ['a start without an id', '{"type":"start","payload":{"query":"{a}"}}', undefined],
    ['a start with a numeric id', '{"type":"start","id":1,"payload":{"query":"{a}"}}', undefined],
    ['a start without a payload', '{"type":"start","id":"1"}', '1'],
    ['a query that is no string', '{"type":"start","id":"1","payload":{"query":1}}', '1'],
    ['variables that are no object', '{"type":"start","id":"1","payload":{"variables":[1]}}', '1'],
    ['a stop without an id', '{"type":"stop"}', undefined],
    [
      'a connection_init payload that is no object',
      '{"type":"connection_init","payload":"x"}',
      undefined,
    ],
  ])('refuses %s, naming the operation where it can', (_case, text, id) => {
    expect(parseLegacyMessage(text)).toEqual({ type: 'invalid', id, reason: expect.any(String) });
  });

  it('starts a data message so that the payload and `}` complete it', () => {
    const payload = { data: { me: { id: '1' } } };
    expect(`${dataMessageStart('7')}${JSON.stringify(payload)}}`).toBe(
      stringifyLegacyMessage({ type: 'data', id: '7', payload }),
    );
  });
});
