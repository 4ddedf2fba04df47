/**
 * The sessions a fresh simulator starts with. `0000Na9B26EF006E` is the Invite page's session:
 * inviting that page's contact (`/contacts/429a55994ef64991a77acb77c1cf9041`) puts BFriend in it.
 */
import { agentByUserName, type DemoAgent } from './directory.js';
import {
  agentParticipant,
  customerParticipant,
  SmsSessionRecord,
  type Participant,
  type SessionStore,
} from './sessions.js';

export const SEED_SESSION_IDS = {
  testnameConversation: '0000Na9B26EF006E',
  testnameSecondConversation: '0000Na9B26EF006M',
  testnameOffer: '0000Na9B26EF0070',
  testnameCompleted: '0000Na9B26EF0071',
  bfriendConversation: '0000Na9B26EF0080',
  cdoeConversation: '0000Na9B26EF0090',
} as const;

const MINUTE_MS = 60_000;

export function seedSessions(store: SessionStore, now: number): void {
  const testname = seedAgent('testname');
  const bfriend = seedAgent('bfriend');
  const cdoe = seedAgent('cdoe');

  const first = new SmsSessionRecord(SEED_SESSION_IDS.testnameConversation, {
    RStrategyName: 'SMS_Inbound',
    ChatServerHost: 'sim-chat-1',
    FromAddress: '+15550100123',
    OrderNumber: 48213,
  });
  conversation(first, now - 12 * MINUTE_MS, {
    customer: customerParticipant('009052CB056C00E5', 'FirstL'),
    customerText: 'Hi, I need help with my order',
    agentMember: agentParticipant('009052CB057100E7', testname),
    agentText: 'Hello, this is Test. Let me look at your order.',
  });
  first.agentStates.set(testname, 'Chatting');
  store.add(first);

  const second = new SmsSessionRecord(SEED_SESSION_IDS.testnameSecondConversation, {
    RStrategyName: 'SMS_Inbound',
    FromAddress: '+15550100456',
    Priority: 2,
  });
  conversation(second, now - 6 * MINUTE_MS, {
    customer: customerParticipant('009052CB10CC00F0', 'MaryK'),
    customerText: 'Can I change my delivery address?',
    agentMember: agentParticipant('009052CB110900F5', testname),
    agentText: 'Sure, which address should we use?',
  });
  second.agentStates.set(testname, 'Chatting');
  store.add(second);

  const offer = new SmsSessionRecord(SEED_SESSION_IDS.testnameOffer, {
    FromAddress: '+15550100789',
  });
  waitingCustomer(
    offer,
    now - MINUTE_MS,
    customerParticipant('009052CB12A000F7', 'JohnP'),
    'Is my refund done?',
  );
  offer.offer(testname, { kind: 'Inbound' });
  store.add(offer);

  const completed = new SmsSessionRecord(SEED_SESSION_IDS.testnameCompleted, {
    FromAddress: '+15550100321',
    DispositionCode: 'IssueResolved',
  });
  conversation(completed, now - 45 * MINUTE_MS, {
    customer: customerParticipant('009052CB0F1000D1', 'AnnaB'),
    customerText: 'Thanks, all sorted!',
    agentMember: agentParticipant('009052CB0F1400D3', testname),
    agentText: 'Glad to help. Goodbye!',
  });
  for (const participant of completed.participants) participant.present = false;
  completed.agentStates.set(testname, 'Completed');
  store.add(completed);

  store.add(
    agentConversation(SEED_SESSION_IDS.bfriendConversation, bfriend, now - 8 * MINUTE_MS, {
      customer: customerParticipant('009052CB13B00101', 'PeterW'),
      customerText: 'My parcel arrived damaged.',
      agentMember: agentParticipant('009052CB13B40103', bfriend),
      agentText: 'Sorry to hear that. Could you send a photo?',
    }),
  );
  store.add(
    agentConversation(SEED_SESSION_IDS.cdoeConversation, cdoe, now - 3 * MINUTE_MS, {
      customer: customerParticipant('009052CB14C00111', 'LucyM'),
      customerText: 'Do you ship to Canada?',
      agentMember: agentParticipant('009052CB14C40113', cdoe),
      agentText: 'Yes, we do. Delivery takes about a week.',
    }),
  );
}

interface ConversationScript {
  customer: Participant;
  customerText: string;
  agentMember: Participant;
  agentText: string;
}

function agentConversation(
  id: string,
  agent: DemoAgent,
  startMs: number,
  script: ConversationScript,
): SmsSessionRecord {
  const session = new SmsSessionRecord(id, { RStrategyName: 'SMS_Inbound' });
  conversation(session, startMs, script);
  session.agentStates.set(agent, 'Chatting');
  return session;
}

/** Customer joins and writes, the agent joins and answers: transcript indices 1–4. */
function conversation(
  session: SmsSessionRecord,
  startMs: number,
  script: ConversationScript,
): void {
  waitingCustomer(session, startMs, script.customer, script.customerText);
  session.addParticipant(script.agentMember);
  const joined = { from: script.agentMember, visibility: 'All' } as const;
  session.append({ ...joined, type: 'ParticipantJoined', timestampMs: startMs + 20_000 });
  session.append({
    ...joined,
    type: 'Text',
    text: script.agentText,
    timestampMs: startMs + 45_000,
  });
}

function waitingCustomer(
  session: SmsSessionRecord,
  startMs: number,
  party: Participant,
  text: string,
): void {
  session.addParticipant(party);
  session.append({
    type: 'ParticipantJoined',
    from: party,
    visibility: 'All',
    timestampMs: startMs,
  });
  session.append({
    type: 'Text',
    from: party,
    visibility: 'All',
    text,
    timestampMs: startMs + 5_000,
  });
}

function seedAgent(userName: string): DemoAgent {
  const agent = agentByUserName(userName);
  if (!agent) throw new Error(`seed names an unknown agent ${userName}`);
  return agent;
}
