import { EventStream } from '../support/event-stream.js';
import { waitFor } from '../support/wait.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { allReceiving, Subscriber, type ReceivedEvent } from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';
const SEED_CONTACT_URI = 'http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041';

/** Each SmsSessionUpdated it receives costs one upstream read of the session's messages. */
const TRANSCRIPT_QUERY = `subscription ($id: ID) {
  smsSessionEvents(id: $id) {
    __typename sessionId notificationType cursor
    ... on SmsSessionUpdated { session { id messages { text } } }
    ... on SmsMessagesAdded { messages { text } }
  }
}`;

const INVITE = `mutation ($id: ID!, $targetUri: String) {
  inviteToSmsSession(id: $id, targetUri: $targetUri) { referenceId }
}`;

let stack: Stack;
const subscribers: Subscriber[] = [];
const streams: EventStream[] = [];

function subscribe(userName: string, sessionId?: string): Subscriber {
  const subscriber = new Subscriber(stack.url, basic(userName), {
    sessionId,
    query: TRANSCRIPT_QUERY,
  });
  subscribers.push(subscriber);
  return subscriber;
}

function transcriptReads(): number {
  return stack.simulator
    .requests()
    .filter(({ method, path }) => method === 'GET' && path.endsWith('/messages')).length;
}

const sessionUpdates = ({ events }: { events: ReceivedEvent[] }): ReceivedEvent[] =>
  events.filter((event) => event.__typename === 'SmsSessionUpdated');

beforeEach(async () => {
  stack = await startStack();
});

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
  await stack.close();
});

describe('subscription events are executed once per group of identical subscriptions', () => {
  it('three identical subscriptions share one execution per event, a fourth with other variables has its own', async () => {
    const identical = [subscribe('testname'), subscribe('testname'), subscribe('testname')];
    const filtered = subscribe('testname', SEED_SESSION);
    const everyone = [...identical, filtered];
    await allReceiving(stack.simulator, SEED_SESSION, ...everyone);
    stack.simulator.clearRequests();
    const updatesBefore = everyone.map((subscriber) => sessionUpdates(subscriber).length);

    const invite = await stack.graphql(INVITE, {
      variables: { id: SEED_SESSION, targetUri: SEED_CONTACT_URI },
    });
    expect(invite.errors).toBeUndefined();

    const newUpdates = (subscriber: Subscriber, i: number): ReceivedEvent[] =>
      sessionUpdates(subscriber).slice(updatesBefore[i]);
    // Every subscriber has every update, and the upstream was asked once per update and group.
    await waitFor(() => {
      const counts = everyone.map((subscriber, i) => newUpdates(subscriber, i).length);
      return (
        counts[0]! > 0 &&
        counts.every((count) => count === counts[0]) &&
        transcriptReads() === 2 * counts[0]!
      );
    });
    const [first, ...others] = identical.map((subscriber, i) => newUpdates(subscriber, i));
    for (const other of others) expect(other).toEqual(first);
    expect(newUpdates(filtered, 3)).toEqual(first);
    for (const subscriber of everyone) expect(subscriber.errors).toEqual([]);
  });

  it('event streams share the execution of WebSocket subscribers with the same operation', async () => {
    const sockets = [subscribe('testname'), subscribe('testname')];
    const eventStreams = await Promise.all(
      [1, 2].map(async () => {
        const { stream, status } = await EventStream.open(`${stack.url}/stream`, {
          authorization: basic('testname'),
          // As the WebSocket subscribers send it: one group.
          body: { query: TRANSCRIPT_QUERY, variables: { id: null } },
        });
        streams.push(stream);
        expect(status).toBe(200);
        return stream;
      }),
    );
    const everyone = [...sockets, ...eventStreams];
    await allReceiving(stack.simulator, SEED_SESSION, ...everyone);
    stack.simulator.clearRequests();
    const updatesBefore = everyone.map(({ events }) => sessionUpdates({ events }).length);

    const invite = await stack.graphql(INVITE, {
      variables: { id: SEED_SESSION, targetUri: SEED_CONTACT_URI },
    });
    expect(invite.errors).toBeUndefined();

    const newUpdates = ({ events }: { events: ReceivedEvent[] }, i: number): ReceivedEvent[] =>
      sessionUpdates({ events }).slice(updatesBefore[i]);
    // Every stream and socket has every update, and the upstream was asked once per update.
    await waitFor(() => {
      const counts = everyone.map((receiver, i) => newUpdates(receiver, i).length);
      return (
        counts[0]! > 0 &&
        counts.every((count) => count === counts[0]) &&
        transcriptReads() === counts[0]
      );
    });
    const [first, ...others] = everyone.map((receiver, i) => newUpdates(receiver, i));
    for (const other of others) expect(other).toEqual(first);
    for (const receiver of everyone) expect(receiver.errors).toEqual([]);
  });
});
