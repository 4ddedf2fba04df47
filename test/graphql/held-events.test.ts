import { MemoryEventLog, type LogRead } from '../../src/fanout/index.js';
import {
  EventProjector,
  WireMapper,
  heldAgentEvents,
  type AgentEventModel,
} from '../../src/graphql/index.js';
import { wireAgent, wireCustomer } from '../support/wire-participants.js';

const mapper = new WireMapper(() => undefined);
const projector = new EventProjector(mapper, () => undefined);

const customer = wireCustomer;
const agent = { ...wireAgent, visibility: 'All' };

/** New messages of a session as GWS notifies them, parsed afresh as each notification is. */
function newMessages(sessionId: string, messages: object[]): AgentEventModel {
  const [event] = projector.project(
    JSON.parse(
      JSON.stringify({
        messageType: 'MessageLogUpdated',
        notificationType: 'NewMessages',
        referenceId: 7,
        smssessionUri: `http://gws/api/v2/me/smssessions/${sessionId}`,
        messages,
      }),
    ) as never,
    'upstream-1',
  );
  if (!event) throw new Error('no event projected');
  return event;
}

function message(index: number, from: object | undefined, text = `text ${index}`): object {
  return {
    index,
    type: 'Text',
    ...(from && { from }),
    visibility: 'All',
    text,
    timestamp: '2014-01-0612: 14: 06.007-0800',
    timestampSeconds: 1389039246007 + index,
  };
}

function eventsOf(read: LogRead<AgentEventModel>): AgentEventModel[] {
  if (!read.honoured) throw new Error(`cursor not honoured; head ${read.head}`);
  return read.entries.map((entry) => entry.event);
}

describe('heldAgentEvents', () => {
  it('gives back every event as it was appended, field by field', async () => {
    const log = new MemoryEventLog<AgentEventModel>(
      { entriesPerStream: 10, maxStreams: 10, maxAgeMs: 60_000 },
      heldAgentEvents,
    );
    const sessionUpdated = projector.snapshot({
      id: '0000Na9B26EF006E',
      state: 'Chatting',
      participants: [customer, agent],
      capabilities: ['SendMessage'],
    } as never);
    const events = [
      newMessages('0000Na9B26EF006E', [message(1, customer)]),
      newMessages('0000Na9B26EF006E', [message(2, agent)]),
      newMessages('0000Na9B26EF006E', [message(3, customer)]),
      newMessages('0000Na9B26EF006E', [
        message(4, undefined),
        message(5, { ...agent, nickname: 'B' }),
      ]),
      sessionUpdated,
      newMessages('0000Na9B26EF006M', [
        message(6, customer),
        message(7, agent),
        message(8, customer),
      ]),
      newMessages('0000Na9B26EF006E', []),
      projector.channelSnapshot([{ channel: 'sms', userState: { state: 'Ready' } }] as never),
    ];
    const head = await log.readAfter('agent', '');
    if (head.honoured) throw new Error('an empty log honoured a cursor');
    for (const event of events) log.appendNow('agent', event);
    const read = eventsOf(await log.readAfter('agent', head.head));
    expect(read).toEqual(events);
    expect(JSON.stringify(read)).toBe(JSON.stringify(events));
  });

  it('shares the session id and the senders of a session with the entries before them', () => {
    const held: unknown[] = [];
    for (const event of [
      newMessages('0000Na9B26EF006E', [message(1, customer)]),
      newMessages('0000Na9B26EF006E', [message(2, agent)]),
      newMessages('0000Na9B26EF006E', [message(3, customer), message(4, agent)]),
    ]) {
      held.push(heldAgentEvents.hold(event, held as never));
    }
    const [first, second, third] = held as {
      sessionId: string;
      messages: { sender: object; id?: string }[];
    }[];
    expect(third?.messages[0]?.sender).toBe(first?.messages[0]?.sender);
    expect(third?.messages[1]?.sender).toBe(second?.messages[0]?.sender);
    expect(third?.messages[0]).not.toHaveProperty('id');
  });

  it('holds no sender of another session, or one that differs in any field', () => {
    const first = heldAgentEvents.hold(newMessages('0000Na9B26EF006E', [message(1, agent)]), []);
    const others = [
      newMessages('0000Na9B26EF006M', [message(2, agent)]),
      newMessages('0000Na9B26EF006E', [message(2, { ...agent, visibility: 'Agents' })]),
      newMessages('0000Na9B26EF006E', [message(2, { ...agent, path: '/users/3' })]),
    ];
    for (const event of others) {
      const held = heldAgentEvents.hold(event, [first]);
      expect(heldAgentEvents.restore(held)).toEqual(event);
    }
  });
});
