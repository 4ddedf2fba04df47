/**
 * Who exists in the simulated contact centre: the demo agents, the contacts and queues that
 * point at them, and the resolution of an operation's target (targetUri / targetPath) to an agent.
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

/** A User-type contact (GWS `/contacts/{id}`) standing for one agent. */
export interface Contact {
  readonly id: string;
  readonly userName: string;
}

/**
 * A queue an invite, consult or transfer can be routed through; the simulator routes each queue
 * to one agent.
 */
export interface Queue {
  readonly id: string;
  readonly name: string;
  readonly routesToUserName: string;
}

export const DEMO_CONTACTS: readonly Contact[] = [
  { id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d01', userName: 'testname' },
  // The contact of the seed document's Invite sample.
  { id: '429a55994ef64991a77acb77c1cf9041', userName: 'bfriend' },
  { id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d03', userName: 'cdoe' },
  { id: '5b7e0c2d9f1a4c3e8d6b2a1f0e9c8d04', userName: 'dlee' },
];

export const DEMO_QUEUES: readonly Queue[] = [
  {
    id: '7c4f3e2a1b0d4e5f9a8b7c6d5e4f3a21',
    name: 'SMS Conference Queue',
    routesToUserName: 'cdoe',
  },
];

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
      const contact = DEMO_CONTACTS.find((candidate) => candidate.id === id);
      return contact && agentByUserName(contact.userName);
    }
    default: {
      const queue = DEMO_QUEUES.find((candidate) => candidate.id === id);
      return queue && agentByUserName(queue.routesToUserName);
    }
  }
}

/** The agent the queue of this name (a Transfer's `queueName`) routes to, or undefined. */
export function resolveQueueName(queueName: string): DemoAgent | undefined {
  const queue = DEMO_QUEUES.find((candidate) => candidate.name === queueName);
  return queue && agentByUserName(queue.routesToUserName);
}
