/**
 * What src/use/ws.ts's hand-over of a delivering subscription relies on in graphql-ws beyond its
 * documented API, pinned: a release of graphql-ws that changes any of it fails here, not silently
 * on the wire. While onOperation runs, the operation is in the context's `subscriptions`; when
 * onOperation removes it from there and answers a plain result, graphql-ws sends nothing for it,
 * neither iterates nor returns the source, and calls onComplete once.
 */
import { buildSchema, type ExecutionResult } from 'graphql';
import {
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  MessageType,
  makeServer,
  stringifyMessage,
  type Context,
} from 'graphql-ws';

const schema = buildSchema('type Query { a: Int } type Subscription { ticks: Int }');

/** A subscription's source that counts what is asked of it. */
function countingSource() {
  const asked = { next: 0, return: 0 };
  const source: AsyncIterableIterator<unknown> = {
    next: () => {
      asked.next += 1;
      return new Promise(() => undefined);
    },
    return: () => {
      asked.return += 1;
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]: () => source,
  };
  return { source, asked };
}

it('sends nothing for an operation onOperation takes out of the subscriptions, and completes it once', async () => {
  const { source, asked } = countingSource();
  const sent: unknown[] = [];
  const heldDuringOperation: boolean[] = [];
  let completed: (id: string) => void = () => undefined;
  const completion = new Promise<string>((resolve) => (completed = resolve));
  const server = makeServer({
    schema,
    subscribe: () => source as AsyncGenerator<ExecutionResult>,
    onOperation: (ctx: Context, id: string, _payload, _args, result) => {
      heldDuringOperation.push(id in ctx.subscriptions && result === source);
      delete ctx.subscriptions[id];
      return {};
    },
    onComplete: (_ctx, id) => completed(id),
  });
  let receive: (data: string) => Promise<void> = () => Promise.resolve();
  server.opened(
    {
      protocol: GRAPHQL_TRANSPORT_WS_PROTOCOL,
      send: (data) => void sent.push(JSON.parse(data)),
      close: () => undefined,
      onMessage: (callback) => (receive = callback),
    },
    {},
  );

  await receive(stringifyMessage({ type: MessageType.ConnectionInit }));
  await receive(
    stringifyMessage({
      id: '1',
      type: MessageType.Subscribe,
      payload: { query: 'subscription { ticks }' },
    }),
  );

  expect(await completion).toBe('1');
  expect(heldDuringOperation).toEqual([true]);
  expect(sent).toEqual([{ type: MessageType.ConnectionAck }]);
  expect(asked).toEqual({ next: 0, return: 0 });
});
