import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { basic, startStack, type Stack } from '../support/stack.js';
import { allReceiving, transcriptTexts, type ReceivedEvent } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

const SEED_SESSION = '0000Na9B26EF006E';
/** Each text six times in one message: the longest text a customer may write makes it ≥ 64 KiB. */
const COPIES_QUERY = `subscription { smsSessionEvents { __typename ... on SmsMessagesAdded {
  messages { text } ${Array.from({ length: 5 }, (_, i) => `copy${i}: messages { text }`).join(' ')}
} } }`;
const WITH_SESSION_QUERY =
  'subscription { smsSessionEvents { __typename sessionId ... on SmsMessagesAdded { messages { text } } } }';

/** One operation's messages as received: the raw text of each and the event it carried. */
interface Operation {
  readonly id: string;
  readonly raw: string[];
  readonly events: ReceivedEvent[];
}

let stack: Stack;
const sockets: WebSocket[] = [];
/** Whatever arrived besides acknowledgements and `next` messages of the operations started. */
const unexpected: unknown[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  unexpected.length = 0;
  await stack.close();
});

/** A graphql-transport-ws connection running `subscriptions` ([id, query]), read message by message. */
async function connect(subscriptions: [id: string, query: string][]): Promise<Operation[]> {
  const socket = new WebSocket(stack.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  sockets.push(socket);
  await new Promise((resolve) => socket.once('open', resolve));
  const operations: Operation[] = subscriptions.map(([id]) => ({
    id,
    raw: [],
    events: [],
  }));
  let acknowledged = false;
  socket.on('message', (data, binary) => {
    const text = String(data);
    const message = JSON.parse(text) as {
      id?: string;
      type: string;
      payload?: { data?: { smsSessionEvents: ReceivedEvent } };
    };
    const operation = operations.find(({ id }) => id === message.id);
    if (message.type === 'connection_ack') acknowledged = true;
    else if (binary || message.type !== 'next' || !operation || !message.payload?.data) {
      unexpected.push(message);
    } else {
      operation.raw.push(text);
      operation.events.push(message.payload.data.smsSessionEvents);
    }
  });
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { Authorization: basic('testname') } }),
  );
  await waitFor(() => acknowledged);
  for (const [id, query] of subscriptions) {
    socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
  }
  return operations;
}

beforeEach(async () => {
  stack = await startStack();
});

describe('subscription events written to the socket as finished WebSocket frames', () => {
  it('reach clients as the same messages ws would send: non-ASCII and ≥ 64 KiB texts, escaped ids, several operations on one socket', async () => {
    // Two operations of one group with different ids (one needing JSON escapes), one of another
    // group, on one socket; another socket with the first id and group.
    const escapedId = 'é "1" \\ ü';
    const [sameGroup, otherId, otherGroup] = await connect([
      [escapedId, COPIES_QUERY],
      ['2', COPIES_QUERY],
      ['three', WITH_SESSION_QUERY],
    ]);
    const [elsewhere] = await connect([[escapedId, COPIES_QUERY]]);
    const operations = [sameGroup!, otherId!, otherGroup!, elsewhere!];
    await allReceiving(stack.simulator, SEED_SESSION, ...operations);
    const before = operations.map((operation) => operation.raw.length);

    const nonAscii = 'Grüße, 你好 😀 "quoted" \\ \u2028 end';
    // 12,288 bytes of UTF-8 in 4,096 characters, six times in a message: a 64-bit frame length.
    const large = '€'.repeat(4096);
    stack.simulator.sendCustomerMessage(SEED_SESSION, nonAscii);
    stack.simulator.sendCustomerMessage(SEED_SESSION, large);
    await waitFor(() =>
      operations.every((operation) => transcriptTexts(operation.events).includes(large)),
    );

    const received = operations.map((operation, i) => operation.raw.slice(before[i]));
    for (const [i, operation] of operations.entries()) {
      expect(transcriptTexts(received[i]!.map(eventOf))).toEqual([nonAscii, large]);
      for (const raw of received[i]!) {
        const message = JSON.parse(raw) as object;
        // Exactly the message JSON.stringify makes, as ws would have sent it.
        expect(raw).toBe(JSON.stringify(message));
        expect(message).toMatchObject({ id: operation.id, type: 'next' });
      }
    }
    expect(Buffer.byteLength(received[0]![1]!)).toBeGreaterThan(64 * 1024);
    // The same operation id and group on two sockets: the very same bytes.
    expect(received[3]!.map(digest)).toEqual(received[0]!.map(digest));
    // Another id in the same group: the same message but for the id.
    expect(received[1]!.map(digest)).toEqual(
      received[0]!.map((raw) =>
        digest(JSON.stringify({ ...(JSON.parse(raw) as object), id: '2' })),
      ),
    );
    for (const raw of received[2]!) {
      expect(JSON.parse(raw)).toMatchObject({
        payload: { data: { smsSessionEvents: { sessionId: SEED_SESSION } } },
      });
    }
    expect(unexpected).toEqual([]);
  });
});

/** A message's length and hash, to compare long messages without printing them. */
function digest(raw: string): string {
  return `${Buffer.byteLength(raw)} bytes, sha256 ${createHash('sha256').update(raw).digest('hex')}`;
}

function eventOf(raw: string): ReceivedEvent {
  return (JSON.parse(raw) as { payload: { data: { smsSessionEvents: ReceivedEvent } } }).payload
    .data.smsSessionEvents;
}
