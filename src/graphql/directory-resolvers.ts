import {
  assertChannelName,
  assertDirectoryId,
  GwsError,
  MAX_CONTACTS_OFFSET,
  MAX_CONTACTS_PAGE,
  type WireContactType,
} from '../gws/index.js';
import {
  ContactType,
  type QueryResolvers,
  type SmsParticipantResolvers,
  type SmsTarget,
  type SmsTargetEntryResolvers,
  type UserResolvers,
} from '../generated/graphql.js';
import type { Context } from './context.js';
import { personLink } from './directory.js';
import { badUserInput } from './errors.js';
import type { TargetEntryModel } from './model.js';
import { cleanUri } from './wire-values.js';

/** Contacts per page when `first` is not given. */
const DEFAULT_CONTACTS_PAGE = 20;

const WIRE_CONTACT_TYPE: Readonly<Record<ContactType, WireContactType | undefined>> = {
  [ContactType.User]: 'User',
  [ContactType.Queue]: 'Queue',
  [ContactType.Custom]: 'Custom',
  [ContactType.Unknown]: undefined,
};

/** A contact's cursor: opaque, its position in the list. */
function contactCursor(offset: number): string {
  return Buffer.from(`contacts:${offset}`).toString('base64url');
}

/** The position after the edge of `cursor`. @throws GraphQLError BAD_USER_INPUT. */
function offsetAfter(cursor: string): number {
  const match = /^contacts:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const position = match ? Number(match[1]) : Number.NaN;
  if (!(position < MAX_CONTACTS_OFFSET)) {
    throw badUserInput('after is not a cursor of the contacts list.', 'after');
  }
  return position + 1;
}

export const directoryQueries: Pick<QueryResolvers<Context>, 'contacts' | 'queues'> = {
  contacts: async (_parent, { search, type, channel, first, after }, context) => {
    const limit = first ?? DEFAULT_CONTACTS_PAGE;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_CONTACTS_PAGE) {
      throw badUserInput(`first must be a whole number from 1 to ${MAX_CONTACTS_PAGE}.`, 'first');
    }
    const wireType = type === null || type === undefined ? undefined : WIRE_CONTACT_TYPE[type];
    if (type === ContactType.Unknown) {
      throw badUserInput('type must be USER, QUEUE or CUSTOM.', 'type');
    }
    const offset = after === null || after === undefined ? 0 : offsetAfter(after);
    const page = await context.directory.contacts({
      search: search ?? undefined,
      type: wireType,
      channel: channel ?? undefined,
      offset,
      limit,
    });
    const nodes = page.contacts.flatMap((contact) => context.mapper.contact(contact) ?? []);
    const edges = nodes.map((node, index) => ({ cursor: contactCursor(offset + index), node }));
    const seen = offset + page.contacts.length;
    return context.budget.chargeResponse({
      edges,
      pageInfo: {
        hasPreviousPage: offset > 0,
        hasNextPage:
          page.totalCount === undefined ? page.contacts.length === limit : seen < page.totalCount,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: page.totalCount ?? null,
    });
  },

  queues: async (_parent, { channel }, context) => {
    if (channel !== null && channel !== undefined) assertChannelName(channel);
    // GWS documents no channel filter on /api/v2/queues: the list is narrowed here.
    const queues = (await context.directory.queues()).filter(
      (queue) => channel === null || channel === undefined || queue.channel === channel,
    );
    return context.budget.chargeResponse(
      queues.flatMap((queue) => context.mapper.queue(queue) ?? []),
    );
  },
};

/**
 * GWS's refusals of a read the agent may not make: HTTP 403, statusCode 3 (forbidden) or 5 (no
 * permission). GWS documents `/api/v2/users` for no agent role.
 */
function isReadRefused(error: unknown): boolean {
  if (!(error instanceof GwsError)) return false;
  if (error.kind === 'forbidden') return true;
  return error.kind === 'rejected' && (error.gwsStatusCode === 3 || error.gwsStatusCode === 5);
}

export const smsParticipantResolvers: Pick<SmsParticipantResolvers<Context>, 'person'> = {
  person: async (participant, _args, context) => {
    const link = personLink(participant);
    if (!link) return null;
    let person: TargetEntryModel | null;
    if (link.kind === 'users') {
      try {
        const user = await context.directory.user(link.id);
        person = user && context.mapper.user(user);
      } catch (error) {
        if (!isReadRefused(error)) throw error;
        // A GWS that lets the agent see the participant but not read users: the person is
        // what the participant's record says of them.
        person = context.mapper.user({
          id: link.id,
          firstName: participant.nickname ?? undefined,
          uri: participant.uri ?? participant.path ?? undefined,
        });
      }
    } else {
      const contact = await context.directory.contact(link.id);
      person = (contact && context.mapper.contact(contact)) ?? null;
    }
    return person ? context.budget.chargeResponse(person) : null;
  },
};

export const userResolvers: Pick<UserResolvers<Context>, 'availability'> = {
  availability: async (user, _args, context) => {
    if (user.userName === null || user.userName === undefined) return [];
    const contact = await context.directory.userContact(user.userName);
    const availability = (contact && context.mapper.contact(contact)?.availability) ?? [];
    return context.budget.chargeResponse(availability);
  },
};

export const smsTargetEntryResolvers: SmsTargetEntryResolvers<Context> = {
  __resolveType: (entry) => (entry as TargetEntryModel).__typename,
};

/** The raw target arguments a typed target stands instead of. */
const RAW_TARGETS = ['targetUri', 'targetPath', 'queueName'] as const;

type TargetKind = keyof SmsTarget;

const COLLECTION: Readonly<Record<TargetKind, string>> = {
  contactId: 'contacts',
  userId: 'users',
  queueId: 'queues',
};

/**
 * The arguments of an Invite, Consult or Transfer with its typed `target` made into the target GWS
 * takes: the URI GWS gave the entry (the Invite page's sample posts a contact's
 * `…/api/v2/contacts/{id}`), else its path. The entry is read from the directory first, so one GWS
 * does not know is NOT_FOUND before anything is posted. Arguments without `target` are returned
 * as they are.
 * @throws GraphQLError BAD_USER_INPUT, GwsError `not_found`.
 */
export async function withTypedTarget<A extends Record<string, unknown>>(
  context: Context,
  args: A,
): Promise<A> {
  const target = args.target as SmsTarget | null | undefined;
  if (target === null || target === undefined) return args;
  const raw = RAW_TARGETS.filter((name) => args[name] !== null && args[name] !== undefined);
  if (raw.length > 0) {
    throw badUserInput(`Give target or ${raw.join(' or ')}, not both.`, 'target');
  }
  const given = (Object.keys(COLLECTION) as TargetKind[]).filter(
    (kind) => target[kind] !== null && target[kind] !== undefined,
  );
  const [kind] = given;
  if (kind === undefined || given.length > 1) {
    throw badUserInput('target must name exactly one of contactId, userId and queueId.', 'target');
  }
  const id = target[kind] as string;
  assertDirectoryId(kind, id);
  const entry = await directoryEntry(context, kind, id);
  if (!entry) throw new GwsError('not_found', `The directory has no ${kind} ${id}.`);
  return { ...args, target: undefined, ...gwsTarget(COLLECTION[kind], id, entry.uri) };
}

function directoryEntry(
  context: Context,
  kind: TargetKind,
  id: string,
): Promise<{ uri?: string } | null> {
  switch (kind) {
    case 'contactId':
      return context.directory.contact(id);
    case 'userId':
      return context.directory.user(id);
    case 'queueId':
      return context.directory.queue(id);
  }
}

const TARGET_URI =
  /^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?\/api\/v2\/(contacts|users|queues)\/([^/?#\s]+)$/;

/** GWS's own URI of the entry where it names this very entry, else the entry's path. */
function gwsTarget(
  collection: string,
  id: string,
  uri: string | undefined,
): { targetUri: string } | { targetPath: string } {
  const cleaned = cleanUri(uri);
  const match = cleaned === null ? null : TARGET_URI.exec(cleaned);
  if (cleaned !== null && match && match[1] === collection && match[2] === id) {
    return { targetUri: cleaned };
  }
  return { targetPath: `/${collection}/${id}` };
}
