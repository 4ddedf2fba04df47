import { execute, parse, type ExecutionArgs } from 'graphql';
import { planEvents } from '../../src/core/event-plan.js';
import { EventProjector, WireMapper, type AgentEventModel } from '../../src/graphql/index.js';
import { createSchema } from '../../src/graphql/schema.js';
import { wireAgent, wireCustomer } from '../support/wire-participants.js';

const schema = createSchema();
const projector = new EventProjector(new WireMapper(() => undefined), () => undefined);

/** What the subscription's resolver uses of a context. */
function context() {
  return {
    budget: { startOver: () => undefined },
    directory: { startOver: () => undefined },
  };
}

const customer = wireCustomer;
const agent = wireAgent;

function logged(event: AgentEventModel | undefined, sequence: number): object {
  if (!event) throw new Error('no event projected');
  return { ...event, cursor: `AAAAAAAAAAAA.${sequence}` };
}

const sessionEvents = [
  logged(
    projector.project({
      messageType: 'MessageLogUpdated',
      notificationType: 'NewMessages',
      referenceId: 3,
      smssessionUri: 'http://gws/api/v2/me/smssessions/0000Na9B26EF006E',
      messages: [
        {
          index: 1,
          type: 'Text',
          from: customer,
          visibility: 'All',
          text: 'héllo "there"\n',
          timestampSeconds: 1389039246007,
        },
        { index: 2, type: 'PushUrl', from: agent, visibility: 'Vip', url: 'http://x/y' },
        { index: 3, type: 'Hologram', visibility: 'Everyone', noticeText: 'n' },
      ],
    } as never)[0],
    1,
  ),
  logged(
    projector.snapshot({
      id: '0000Na9B26EF006E',
      state: 'Chatting',
      participants: [customer, agent],
      capabilities: ['SendMessage', 'Invite'],
      userData: { key: 'value', nested: { n: 1 } },
      uri: 'http://gws/api/v2/me/smssessions/0000Na9B26EF006E',
    } as never),
    2,
  ),
  logged(
    projector.project({
      notificationType: 'Error',
      errorMessage: 'It failed',
      referenceId: 9,
      smssessionUri: 'http://gws/api/v2/me/smssessions/0000Na9B26EF006E',
    } as never)[0],
    3,
  ),
];

const channelEvent = logged(
  projector.channelSnapshot([
    { channel: 'sms', userState: { state: 'Ready', displayName: 'Ready', id: 5 } },
    { channel: 'voice', userState: { state: 'Sleeping' } },
  ] as never),
  4,
);

const PLANNED = [
  'subscription { smsSessionEvents { ... on SmsMessagesAdded { messages { text } } } }',
  `subscription Events($id: ID, $withFrom: Boolean!, $skipText: Boolean = false) {
    events: smsSessionEvents(id: $id) {
      __typename cursor sessionId notificationType referenceId
      ...Messages
      ... on SmsSessionUpdated { session { id state capabilities userData uri participants { id participantId nickname type uri visibility path __typename } } }
      ... on SmsOperationFailed { errorMessage sessionId session { id } }
    }
  }
  fragment Messages on SmsMessagesAdded {
    messages {
      id index type visibility url noticeText timestamp
      text @skip(if: $skipText)
      t: text
      from @include(if: $withFrom) { id participantId nickname type uri visibility path }
    }
    messages { index from @include(if: $withFrom) { nickname } }
  }`,
  'subscription { agentChannelEvents { __typename channels { channel state displayName stateId } } }',
];

/** Selections with a resolver below the root: `execute` makes their results. */
const UNPLANNED = [
  'subscription { smsSessionEvents { ... on SmsMessagesAdded { messages { from { person { id } } } } } }',
  'subscription { smsSessionEvents { ... on SmsSessionUpdated { session { messages { text } } } } }',
];

const VARIABLES = [{ withFrom: true }, { withFrom: false, skipText: true, id: '0000Na9B26EF006E' }];

function args(query: string, variableValues?: Record<string, unknown>): ExecutionArgs {
  return { schema, document: parse(query), variableValues };
}

function byExecute(base: ExecutionArgs, event: object): string {
  return JSON.stringify(execute({ ...base, rootValue: event, contextValue: context() }));
}

describe('planEvents', () => {
  it.each(PLANNED)('completes every event as execute does: %s', (query) => {
    const events = query.includes('agentChannelEvents') ? [channelEvent] : sessionEvents;
    for (const variableValues of VARIABLES) {
      const base = args(query, variableValues);
      const plan = planEvents(base);
      expect(plan).toBeDefined();
      for (const event of events) {
        const planned = plan?.execute(event, context());
        expect(planned).toBeDefined();
        expect(JSON.stringify(planned)).toBe(byExecute(base, event));
      }
    }
  });

  it.each(UNPLANNED)('leaves selections with resolvers to execute: %s', (query) => {
    expect(planEvents(args(query))).toBeUndefined();
  });

  it('leaves to execute what execute answers with an error', () => {
    const base = args('subscription { smsSessionEvents { sessionId notificationType } }');
    const plan = planEvents(base);
    const broken = [
      { ...sessionEvents[0], sessionId: null },
      { ...sessionEvents[0], notificationType: 'NOT_A_VALUE' },
      { ...sessionEvents[0], kind: 'NoSuchType' },
    ];
    for (const event of broken) {
      expect(plan?.execute(event, context())).toBeUndefined();
      expect(byExecute(base, event)).toContain('"errors"');
    }
    // A method is called by execute's default resolver, with its arguments.
    expect(plan?.execute({ ...sessionEvents[0], sessionId: () => 'a' }, context())).toBeUndefined();
    const listBase = args(
      'subscription { smsSessionEvents { ... on SmsMessagesAdded { messages { index } } } }',
    );
    expect(
      planEvents(listBase)?.execute({ ...sessionEvents[0], messages: 'no list' }, context()),
    ).toBeUndefined();
  });

  it('leaves to execute what it is not given a plain schema for', () => {
    const query = 'subscription { smsSessionEvents { sessionId } }';
    expect(planEvents({ ...args(query), fieldResolver: () => 'x' })).toBeUndefined();
    expect(planEvents(args('query { me { id } }'))).toBeUndefined();
    expect(
      planEvents(args('subscription($id: ID!) { smsSessionEvents(id: $id) { sessionId } }')),
    ).toBeUndefined();
  });
});
