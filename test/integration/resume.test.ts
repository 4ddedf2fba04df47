import { DIALECTS } from '../support/dialects.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import {
  allReceiving,
  hasText,
  Subscriber,
  transcriptTexts,
  type ReceivedEvent,
} from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';
const SECOND_SESSION = '0000Na9B26EF006M';

const RESUMABLE_QUERY = `subscription ($id: ID, $after: String) {
  smsSessionEvents(id: $id, after: $after) {
    __typename cursor sessionId notificationType referenceId
    ... on SmsSessionUpdated { session { id state } }
    ... on SmsMessagesAdded { messages { id index text } }
  }
}`;

let stack: Stack;
const stacks: Stack[] = [];
const subscribers: Subscriber[] = [];

function subscribe(options: { on?: Stack; sessionId?: string; after?: string } = {}): Subscriber {
  const subscriber = new Subscriber((options.on ?? stack).url, basic('testname'), {
    query: RESUMABLE_QUERY,
    sessionId: options.sessionId,
    after: options.after,
  });
  subscribers.push(subscriber);
  return subscriber;
}

async function disconnect(subscriber: Subscriber): Promise<void> {
  subscribers.splice(subscribers.indexOf(subscriber), 1);
  await subscriber.dispose();
}

/** The cursor of the newest event the subscriber received, once `text` has reached it. */
async function cursorAfter(subscriber: Subscriber, sessionId: string, text: string) {
  stack.simulator.sendCustomerMessage(sessionId, text);
  await subscriber.waitFor(hasText(text));
  return (subscriber.events.at(-1) as ReceivedEvent).cursor as string;
}

/** Waits for the event with `last`; as events come in order, a duplicate would be counted by then. */
async function exactly(subscriber: Subscriber, count: number, last: string): Promise<void> {
  await subscriber.waitFor(hasText(last));
  expect(subscriber.events).toHaveLength(count);
}

describe.each(DIALECTS)('smsSessionEvents(after:) (%s GWS dialect)', (_name, dialect) => {
  beforeEach(async () => {
    stack = await startStack({ env: { UPSTREAM_STREAM_GRACE_MS: '100' }, simulator: { dialect } });
    stacks.push(stack);
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
    await Promise.all(stacks.splice(0).map((each) => each.close()));
  });

  it('gives a client exactly the three events it missed while disconnected, then live ones', async () => {
    const device = subscribe();
    const witness = subscribe();
    await allReceiving(stack.simulator, SEED_SESSION, device, witness);
    const cursor = await cursorAfter(device, SEED_SESSION, 'before the tunnel');
    await disconnect(device);

    for (const text of ['missed 1', 'missed 2', 'missed 3']) {
      stack.simulator.sendCustomerMessage(SEED_SESSION, text);
    }
    await witness.waitFor(hasText('missed 3'));
    const missed = witness.events.slice(-3);

    const resumed = subscribe({ after: cursor });
    await resumed.waitFor(hasText('missed 3'));
    expect(transcriptTexts(resumed.events)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    expect(resumed.events).toEqual(missed);

    stack.simulator.sendCustomerMessage(SEED_SESSION, 'live again');
    await exactly(resumed, 4, 'live again');
    expect(transcriptTexts(resumed.events)).toEqual([
      'missed 1',
      'missed 2',
      'missed 3',
      'live again',
    ]);
    expect(new Set(resumed.events.map((event) => event.cursor)).size).toBe(4);
  });

  it('keeps to the session of id while replaying', async () => {
    const witness = subscribe();
    await allReceiving(stack.simulator, SEED_SESSION, witness);
    const cursor = await cursorAfter(witness, SEED_SESSION, 'start');
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'seed 1');
    stack.simulator.sendCustomerMessage(SECOND_SESSION, 'second 1');
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'seed 2');
    stack.simulator.sendCustomerMessage(SECOND_SESSION, 'second 2');
    await witness.waitFor(hasText('second 2'));

    const secondOnly = subscribe({ sessionId: SECOND_SESSION, after: cursor });
    await secondOnly.waitFor(hasText('second 2'));
    expect(transcriptTexts(secondOnly.events)).toEqual(['second 1', 'second 2']);
    expect(secondOnly.events.every((event) => event.sessionId === SECOND_SESSION)).toBe(true);
  });

  it('answers a cursor it does not know with a RESYNC snapshot of every session, then live events', async () => {
    const listed = await stack.graphql<{ smsSessions: { id: string }[] }>('{ smsSessions { id } }');
    const sessionIds = (listed.data?.smsSessions ?? []).map((session) => session.id).sort();
    expect(sessionIds).toContain(SEED_SESSION);

    const resumed = subscribe({ after: 'no-such-cursor' });
    const filtered = subscribe({ sessionId: SECOND_SESSION, after: 'no-such-cursor' });
    await resumed.waitFor((event) => event.notificationType === 'RESYNC');
    await allReceiving(stack.simulator, SECOND_SESSION, resumed, filtered);
    const snapshots = (subscriber: Subscriber) =>
      subscriber.events.filter((event) => event.notificationType === 'RESYNC');
    expect(
      snapshots(resumed)
        .map((event) => event.sessionId)
        .sort(),
    ).toEqual(sessionIds);
    expect(snapshots(filtered).map((event) => event.sessionId)).toEqual([SECOND_SESSION]);
    for (const subscriber of [resumed, filtered]) {
      const count = snapshots(subscriber).length;
      // Snapshots first, then live events.
      expect(subscriber.events.slice(0, count)).toEqual(snapshots(subscriber));
    }
  });

  it('answers a cursor of another gateway process with RESYNC snapshots', async () => {
    const other = await startStack();
    stacks.push(other);
    const elsewhere = subscribe({ on: other });
    await allReceiving(other.simulator, SEED_SESSION, elsewhere);
    const foreignCursor = (elsewhere.events.at(-1) as ReceivedEvent).cursor as string;

    const resumed = subscribe({ sessionId: SEED_SESSION, after: foreignCursor });
    await resumed.waitFor((event) => event.notificationType === 'RESYNC');
    await allReceiving(stack.simulator, SEED_SESSION, resumed);
    expect(resumed.events[0]).toMatchObject({
      __typename: 'SmsSessionUpdated',
      notificationType: 'RESYNC',
      sessionId: SEED_SESSION,
      session: { id: SEED_SESSION, state: 'CHATTING' },
    });
    expect(resumed.events.filter((event) => event.notificationType === 'RESYNC')).toHaveLength(1);
  });
});
