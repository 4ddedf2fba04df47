import { basic, startStack, type Stack } from '../support/stack.js';
import { allReceiving, hasText, Subscriber } from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';

interface Participant {
  id: string;
  participantId: string;
  nickname: string | null;
  type: string;
  uri: string | null;
  visibility: string | null;
  path: string | null;
}
interface Message {
  id: string;
  index: number;
  text: string | null;
  from: Participant | null;
}
interface Session {
  id: string;
  participants: Participant[];
  messages: Message[];
}

const SESSIONS = `{
  smsSessions {
    id
    participants { ...Participant }
    messages { id index text from { ...Participant } }
  }
}
fragment Participant on SmsParticipant {
  id participantId nickname type uri visibility path
}`;

let stack: Stack;
let subscriber: Subscriber | undefined;

beforeEach(async () => {
  stack = await startStack();
});

afterEach(async () => {
  await subscriber?.dispose();
  await stack.close();
});

async function sessions(): Promise<Session[]> {
  const response = await stack.graphql<{ smsSessions: Session[] }>(SESSIONS);
  expect(response.errors).toBeUndefined();
  return response.data?.smsSessions ?? [];
}

describe('cache identities', () => {
  it('participants and messages have ids that are stable and unique across sessions', async () => {
    const first = await sessions();
    const second = await sessions();
    expect(second).toEqual(first);

    const participantIds = first.flatMap((session) => session.participants.map((p) => p.id));
    const messageIds = first.flatMap((session) => session.messages.map((m) => m.id));
    // The seed has sessions whose transcripts share indices: ids must still differ.
    const firstIndices = first.map((session) => session.messages[0]?.index);
    expect(firstIndices.filter((index) => index === 1).length).toBeGreaterThan(1);
    expect(new Set([...participantIds, ...messageIds]).size).toBe(
      participantIds.length + messageIds.length,
    );
    // A client cache keeps one object per id: whatever is behind one id must agree, though a
    // message's sender carries a uri, path and visibility the session's participant list lacks.
    const participants = first.flatMap((session) => [
      ...session.participants,
      ...session.messages.flatMap((message) => (message.from ? [message.from] : [])),
    ]);
    const byId = new Map<string, Participant>();
    for (const participant of participants) {
      expect(participant).toEqual(byId.get(participant.id) ?? participant);
      byId.set(participant.id, participant);
    }
    const agentSender = participants.find(
      (participant) => participant.type === 'AGENT' && participant.path !== null,
    );
    expect(agentSender).toBeDefined();
    expect(
      participants.some(
        (participant) =>
          participant.participantId === agentSender?.participantId && participant.path === null,
      ),
    ).toBe(true);
  });

  it('a message arriving on a subscription has the id a later query gives it', async () => {
    subscriber = new Subscriber(stack.url, basic('testname'), {
      query: `subscription { smsSessionEvents {
        __typename sessionId notificationType referenceId
        ... on SmsMessagesAdded { messages { id index text } }
      } }`,
    });
    await allReceiving(stack.simulator, SEED_SESSION, subscriber);
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'identify me');
    const event = await subscriber.waitFor(hasText('identify me'));
    const live = (event.messages as Message[]).find((message) => message.text === 'identify me');

    const queried = (await sessions())
      .find((session) => session.id === SEED_SESSION)
      ?.messages.find((message) => message.index === live?.index);
    expect(queried?.text).toBe('identify me');
    expect(queried?.id).toBe(live?.id);
  });
});
