/**
 * The directory's REST surface (reference §5.4):
 *   GET /api/v2/contacts          ?fields=*, filters name, phoneNumber, type, channel,
 *                                 filterName=NamesOrPhoneNumberMatches&filterParameters=…,
 *                                 paging offset & limit (unless the dialect ignores paging)
 *   GET /api/v2/contacts/{id}
 *   GET /api/v2/users/{id}
 *   GET /api/v2/queues            ?fields=* for full objects
 *   GET /api/v2/queues/{id}
 * Where GWS's pages are silent, the simulator assumes (docs/simulator.md): paging by offset and
 * limit; `channel` keeps the contacts whose availability lists the channel; a user contact is
 * available on a channel while its agent is Ready there, a queue contact while the agent it routes
 * to is Ready on the queue's channel, a custom contact on none.
 */
import type {
  WireChannelAvailability,
  WireContact,
  WireEnvelope,
  WireQueue,
} from '../src/gws/wire.js';
import type { GwsDialect } from './dialect.js';
import {
  agentByUserName,
  contactAgent,
  contactById,
  DEMO_CONTACTS,
  DEMO_QUEUES,
  queueById,
  type Contact,
  type DemoAgent,
  type Queue,
} from './directory.js';
import { rejection, StatusCode } from './http-io.js';
import type { Presence } from './presence.js';
import type { WireRenderer } from './render.js';

export interface DirectoryApiContext {
  readonly render: WireRenderer;
  readonly presence: Presence;
  /** Everyone who can sign in: each is a user of the directory. */
  readonly agents: readonly DemoAgent[];
  readonly dialect: () => GwsDialect;
}

export type DirectoryRoute =
  | { kind: 'contacts' }
  | { kind: 'contact'; id: string }
  | { kind: 'user'; id: string }
  | { kind: 'queues' }
  | { kind: 'queue'; id: string };

/** The directory route of a GET's decoded path segments (after `/api/v2/`), if it is one. */
export function directoryRoute(segments: readonly string[]): DirectoryRoute | undefined {
  const [collection, id] = segments;
  if (segments.length === 1) {
    if (collection === 'contacts') return { kind: 'contacts' };
    if (collection === 'queues') return { kind: 'queues' };
    return undefined;
  }
  if (segments.length !== 2 || id === undefined) return undefined;
  switch (collection) {
    case 'contacts':
      return { kind: 'contact', id };
    case 'users':
      return { kind: 'user', id };
    case 'queues':
      return { kind: 'queue', id };
    default:
      return undefined;
  }
}

/** A GWS answer: the envelope and the resource it names. */
type Answer = WireEnvelope | (WireEnvelope & Record<string, unknown>);

/** The answer to a directory GET. */
export function answerDirectory(
  context: DirectoryApiContext,
  route: DirectoryRoute,
  query: URLSearchParams,
): Answer {
  switch (route.kind) {
    case 'contacts':
      return listContacts(context, query);
    case 'contact': {
      const contact = contactById(route.id);
      return contact
        ? { statusCode: 0, contact: renderContact(context, contact) }
        : notFound('contact', route.id);
    }
    case 'user': {
      const agent = context.agents.find((candidate) => candidate.id === route.id);
      return agent
        ? { statusCode: 0, user: context.render.user(agent) }
        : notFound('user', route.id);
    }
    case 'queues':
      return query.get('fields')
        ? { statusCode: 0, queues: DEMO_QUEUES.map((queue) => renderQueue(context, queue)) }
        : {
            statusCode: 0,
            uris: DEMO_QUEUES.map((queue) => context.render.apiUri(`/queues/${queue.id}`)),
          };
    case 'queue': {
      const queue = queueById(route.id);
      return queue
        ? { statusCode: 0, queue: renderQueue(context, queue) }
        : notFound('queue', route.id);
    }
  }
}

function notFound(what: string, id: string): WireEnvelope {
  return rejection(StatusCode.notFound, `No ${what} ${id}`);
}

/** The most contacts one page answers; GWS documents no limit. */
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;

function listContacts(context: DirectoryApiContext, query: URLSearchParams): Answer {
  const filterName = query.get('filterName');
  if (filterName !== null && filterName !== 'NamesOrPhoneNumberMatches') {
    return rejection(StatusCode.invalidInput, `Unsupported filterName ${filterName}`);
  }
  const patterns = filterName === null ? [] : commaList(query.get('filterParameters'));
  if (filterName !== null && patterns.length === 0) {
    return rejection(StatusCode.missingParameter, 'filterParameters is required');
  }
  const names = commaList(query.get('name'));
  const numbers = commaList(query.get('phoneNumber')).map(digits);
  const type = query.get('type');
  const channel = query.get('channel');
  const offset = whole(query.get('offset'), 0);
  const limit = whole(query.get('limit'), DEFAULT_LIMIT);
  if (offset === undefined || limit === undefined || limit > MAX_LIMIT) {
    return rejection(
      StatusCode.invalidInput,
      `offset and limit must be whole numbers, limit at most ${MAX_LIMIT}`,
    );
  }
  const matching = DEMO_CONTACTS.map((contact) => renderContact(context, contact)).filter(
    (contact) =>
      (names.length === 0 || names.includes(exactName(contact) ?? '')) &&
      (numbers.length === 0 || numbers.some((number) => hasNumber(contact, number))) &&
      (type === null || contact.type === type) &&
      (channel === null || availabilityOf(contact).some((entry) => entry.channel === channel)) &&
      patterns.every((pattern) => searchFields(contact).some((field) => wildcard(pattern, field))),
  );
  if (!query.get('fields')) {
    return { statusCode: 0, uris: matching.map((contact) => contact.uri) };
  }
  const page =
    context.dialect().contactPaging === 'ignored'
      ? matching
      : matching.slice(offset, offset + limit);
  return { statusCode: 0, totalCount: matching.length, contacts: page };
}

function renderContact(context: DirectoryApiContext, contact: Contact): WireContact {
  const path = `/contacts/${contact.id}`;
  const phoneNumbers = contact.phoneNumbers.map((phoneNumber) => ({
    phoneNumber,
    description: 'Work',
    switchName: 'SIP_Switch',
  }));
  const common = {
    id: contact.id,
    type: contact.type,
    phoneNumbers,
    availability: { channels: availability(context, contact) },
    uri: context.render.apiUri(path),
    path,
  };
  switch (contact.type) {
    case 'User': {
      // A user contact carries its user's names, not a name of its own.
      const agent = agentByUserName(contact.userName, context.agents);
      return {
        ...common,
        userName: contact.userName,
        ...(agent ? { firstName: agent.firstName, lastName: agent.lastName } : {}),
      };
    }
    case 'Queue':
      return { ...common, name: queueById(contact.queueId)?.name ?? contact.id };
    case 'Custom':
      return { ...common, name: contact.name };
  }
}

/** Per channel, whether the contact can take work now; see the module's comment. */
function availability(context: DirectoryApiContext, contact: Contact): WireChannelAvailability[] {
  const agent = contactAgent(contact);
  if (!agent) return [];
  if (contact.type === 'Queue') {
    const queue = queueById(contact.queueId);
    if (!queue) return [];
    return [{ channel: queue.channel, available: context.presence.isReady(agent, queue.channel) }];
  }
  return context.presence.list(agent).map((channel) => ({
    channel: channel.channel,
    available: channel.userState?.state === 'Ready',
    ...(channel.userState ? { userState: channel.userState } : {}),
  }));
}

function renderQueue(context: DirectoryApiContext, queue: Queue): WireQueue {
  const path = `/queues/${queue.id}`;
  return {
    id: queue.id,
    name: queue.name,
    description: queue.description,
    channel: queue.channel,
    phoneNumber: queue.phoneNumber,
    internal: false,
    uri: context.render.apiUri(path),
    path,
  };
}

function availabilityOf(contact: WireContact): WireChannelAvailability[] {
  const { availability } = contact;
  return (Array.isArray(availability) ? availability : availability?.channels) ?? [];
}

/** What the `name` filter matches exactly: a user's userName, a queue's or custom contact's name. */
function exactName(contact: WireContact): string | undefined {
  return contact.type === 'User' ? contact.userName : contact.name;
}

function numbersOf(contact: WireContact): string[] {
  return (contact.phoneNumbers ?? []).flatMap((number) =>
    typeof number === 'string' ? [number] : number.phoneNumber ? [number.phoneNumber] : [],
  );
}

/** The `phoneNumber` filter: exact on digits, `*` for any number. */
function hasNumber(contact: WireContact, number: string): boolean {
  const numbers = numbersOf(contact);
  return number === '*' ? numbers.length > 0 : numbers.some((own) => digits(own) === number);
}

/** What NamesOrPhoneNumberMatches matches an entry against, per contact type. */
function searchFields(contact: WireContact): string[] {
  const names =
    contact.type === 'User'
      ? [contact.firstName, contact.lastName, contact.userName]
      : [contact.name];
  // A number matches as written and as its digits alone.
  const numbers = numbersOf(contact);
  return [
    ...names.filter((name): name is string => typeof name === 'string'),
    ...numbers,
    ...numbers.map(digits),
  ];
}

/** A pattern with `*` wildcards, matched case-insensitively against the whole field. */
function wildcard(pattern: string, field: string): boolean {
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 'iu').test(field);
}

function commaList(value: string | null): string[] {
  return value === null
    ? []
    : value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
}

/** The phoneNumber filter strips every non-digit (ContactsGetContacts); `*` stays. */
function digits(value: string): string {
  return value === '*' ? value : value.replace(/\D/g, '');
}

function whole(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  return /^\d{1,7}$/.test(value) ? Number(value) : undefined;
}
