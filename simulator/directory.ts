/**
 * Who exists in the simulated contact centre: the demo agents, the contacts (users, queues and
 * custom entries) and queues of the directory, and the resolution of an operation's target
 * (targetUri / targetPath) to an agent. Serving them as GWS does is directory-api.ts's.
 */

export interface DemoAgent {
  readonly userName: string;
  readonly password: string;
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  /** The name other participants see in a session. */
  readonly nickname: string;
  /**
   * Whether the agent's desktop accepts an offered session at once (no Invited state to answer):
   * BFriend does, so the Invite page's sample, where the invitee joins at once, holds.
   */
  readonly autoAnswer: boolean;
}

const DEMO_PASSWORD = 'demo';

export const DEMO_AGENTS: readonly DemoAgent[] = [
  {
    userName: 'testname',
    password: DEMO_PASSWORD,
    id: '8ae7d9e1e8a94b6fb8a4e1f9b3c5d701',
    firstName: 'Test',
    lastName: 'Name',
    nickname: 'TestName',
    autoAnswer: false,
  },
  {
    userName: 'bfriend',
    password: DEMO_PASSWORD,
    id: '8ae7d9e1e8a94b6fb8a4e1f9b3c5d702',
    firstName: 'Best',
    lastName: 'Friend',
    nickname: 'BFriend',
    autoAnswer: true,
  },
  {
    userName: 'cdoe',
    password: DEMO_PASSWORD,
    id: '8ae7d9e1e8a94b6fb8a4e1f9b3c5d703',
    firstName: 'Casey',
    lastName: 'Doe',
    nickname: 'CDoe',
    autoAnswer: false,
  },
  {
    userName: 'dlee',
    password: DEMO_PASSWORD,
    id: '8ae7d9e1e8a94b6fb8a4e1f9b3c5d704',
    firstName: 'Dana',
    lastName: 'Lee',
    nickname: 'DLee',
    autoAnswer: false,
  },
];

/**
 * A contact of the directory (GWS `/contacts/{id}`, reference §5.4): a user (an agent), a queue,
 * or a custom entry such as an outside number, which no SMS session can be routed to.
 */
export type Contact =
  | {
      readonly type: 'User';
      readonly id: string;
      readonly userName: string;
      readonly phoneNumbers: readonly string[];
    }
  | {
      readonly type: 'Queue';
      readonly id: string;
      readonly queueId: string;
      readonly phoneNumbers: readonly string[];
    }
  | {
      readonly type: 'Custom';
      readonly id: string;
      readonly name: string;
      readonly phoneNumbers: readonly string[];
    };

/**
 * A queue an invite, consult or transfer can be routed through; the simulator routes each queue
 * to one agent.
 */
export interface Queue {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly channel: string;
  readonly phoneNumber: string;
  readonly routesToUserName: string;
}

export const DEMO_QUEUES: readonly Queue[] = [
  {
    id: '7c4f3e2a1b0d4e5f9a8b7c6d5e4f3a21',
    name: 'SMS Conference Queue',
    description: 'Agents who join SMS conferences',
    channel: 'sms',
    phoneNumber: '+1 555 0190',
    routesToUserName: 'cdoe',
  },
  {
    id: '7c4f3e2a1b0d4e5f9a8b7c6d5e4f3a22',
    name: 'Chat Overflow',
    description: 'Chats nobody answered in time',
    channel: 'chat',
    phoneNumber: '+1 555 0191',
    routesToUserName: 'dlee',
  },
];

export const DEMO_CONTACTS: readonly Contact[] = [
  {
    type: 'User',
    id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d01',
    userName: 'testname',
    phoneNumbers: ['+1 555 0101'],
  },
  // The contact of the seed document's Invite sample.
  {
    type: 'User',
    id: '429a55994ef64991a77acb77c1cf9041',
    userName: 'bfriend',
    phoneNumbers: ['+1 555 0102'],
  },
  {
    type: 'User',
    id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d03',
    userName: 'cdoe',
    phoneNumbers: ['+1 555 0103'],
  },
  {
    type: 'User',
    id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d04',
    userName: 'dlee',
    phoneNumbers: ['+1 555 0104'],
  },
  {
    type: 'Queue',
    id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d21',
    queueId: '7c4f3e2a1b0d4e5f9a8b7c6d5e4f3a21',
    phoneNumbers: ['+1 555 0190'],
  },
  {
    type: 'Queue',
    id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d22',
    queueId: '7c4f3e2a1b0d4e5f9a8b7c6d5e4f3a22',
    phoneNumbers: ['+1 555 0191'],
  },
  {
    type: 'Custom',
    id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d31',
    name: 'Head Office Reception',
    phoneNumbers: ['+1 555 0100'],
  },
  {
    type: 'Custom',
    id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d32',
    name: 'Courier Desk',
    phoneNumbers: ['+1 555 0177', '+1 555 0178'],
  },
];

export function contactById(id: string): Contact | undefined {
  return DEMO_CONTACTS.find((contact) => contact.id === id);
}

export function queueById(id: string): Queue | undefined {
  return DEMO_QUEUES.find((queue) => queue.id === id);
}

/**
 * The agent a contact stands for: a user's own, a queue's routed one; none for a custom contact
 * (an outside number no SMS session is routed to).
 */
export function contactAgent(contact: Contact): DemoAgent | undefined {
  switch (contact.type) {
    case 'User':
      return agentByUserName(contact.userName);
    case 'Queue': {
      const queue = queueById(contact.queueId);
      return queue && agentByUserName(queue.routesToUserName);
    }
    case 'Custom':
      return undefined;
  }
}

/** The most load agents a simulator can be started with. */
export const MAX_LOAD_AGENTS = 2_000;
const LOAD_AGENT_ID_PREFIX = '8ae7d9e1e8a94b6fb8a4e1f9b4';

/**
 * Agents beside the demo ones, for load tests: `load1` … `loadN`, password `demo`. They answer
 * offers at once, so an offered session is a live conversation their customer can write in.
 */
export function loadAgents(count: number): DemoAgent[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_LOAD_AGENTS) {
    throw new RangeError(`loadAgents must be an integer from 0 to ${MAX_LOAD_AGENTS}`);
  }
  return Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    return {
      userName: `load${number}`,
      password: DEMO_PASSWORD,
      id: `${LOAD_AGENT_ID_PREFIX}${number.toString(16).padStart(6, '0')}`,
      firstName: 'Load',
      lastName: String(number),
      nickname: `Load${number}`,
      autoAnswer: true,
    };
  });
}

export function agentByUserName(
  userName: string,
  agents: readonly DemoAgent[] = DEMO_AGENTS,
): DemoAgent | undefined {
  return agents.find((agent) => agent.userName === userName);
}

export function userPath(agent: DemoAgent): string {
  return `/users/${agent.id}`;
}

/**
 * The agent a target uri or path designates, or undefined. Only the resource type and id count:
 * `http://any-host/api/v2/users/{id}`, `/api/v2/contacts/{id}` and `/queues/{id}` all resolve.
 */
export function resolveTarget(target: string): DemoAgent | undefined {
  const match = /(?:^|\/)(users|contacts|queues)\/([^/?#]+)\/?(?:[?#].*)?$/.exec(target);
  if (!match) return undefined;
  const [, resourceType, id] = match;
  switch (resourceType) {
    case 'users':
      return DEMO_AGENTS.find((agent) => agent.id === id);
    case 'contacts': {
      const contact = contactById(id as string);
      return contact && contactAgent(contact);
    }
    default: {
      const queue = queueById(id as string);
      return queue && agentByUserName(queue.routesToUserName);
    }
  }
}

/** The agent the queue of this name (a Transfer's `queueName`) routes to, or undefined. */
export function resolveQueueName(queueName: string): DemoAgent | undefined {
  const queue = DEMO_QUEUES.find((candidate) => candidate.name === queueName);
  return queue && agentByUserName(queue.routesToUserName);
}
