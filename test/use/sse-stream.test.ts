import { GraphQLError, type ExecutionResult } from 'graphql';
import { print } from 'graphql-sse';
import { GroupPayload } from '../../src/core/broadcast.js';
import { NEXT_EVENT } from '../../src/use/sse-stream.js';

const results: [string, ExecutionResult][] = [
  [
    'a result',
    { data: { smsSessionEvents: { sessionId: '1', notificationType: 'NEW_MESSAGES' } } },
  ],
  [
    'non-ASCII text, quotes and line separators',
    { data: { text: 'Grüße 你好 😀 "q" \\ \u2028 \n' } },
  ],
  [
    'errors',
    { errors: [new GraphQLError('Too slow', { extensions: { code: 'SUBSCRIBER_TOO_SLOW' } })] },
  ],
];

describe('a group payload as a server-sent `next` event', () => {
  it.each(results)('carries %s in the very bytes graphql-sse writes', (_case, result) => {
    const payload = new GroupPayload(JSON.stringify(result));
    const bytes = payload.encodedAs(NEXT_EVENT);
    expect(bytes.toString('utf8')).toBe(print({ event: 'next', data: result }));
    // Made once for every subscriber of the group.
    expect(payload.encodedAs(NEXT_EVENT)).toBe(bytes);
  });
});

describe('a logged event as a server-sent `next` event', () => {
  it('names the event by its cursor in an `id` field', () => {
    const result = { data: { smsSessionEvents: { sessionId: '1' } } };
    const payload = new GroupPayload(JSON.stringify(result), 'a1b2.42');
    expect(payload.encodedAs(NEXT_EVENT).toString('utf8')).toBe(
      `id: a1b2.42\n${print({ event: 'next', data: result })}`,
    );
  });
});
