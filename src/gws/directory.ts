import { listOf, malformed } from './answers.js';
import { GwsError } from './errors.js';
import { assertChannelName, assertText } from './validate.js';
import type { WireContact, WireContactsResponse, WireContactType } from './wire.js';

/**
 * The directory's questions to GWS (reference §5.4): which contacts match a search, a page at a
 * time. The search box's words become GWS's `NamesOrPhoneNumberMatches` filter here and nowhere
 * else.
 */

/** The longest search sent, in characters: names and numbers are short. */
export const MAX_SEARCH_LENGTH = 100;
/** The most words of a search: each is a filter GWS applies to every contact. */
export const MAX_SEARCH_WORDS = 8;
/** The most contacts one page asks for. */
export const MAX_CONTACTS_PAGE = 100;
/** The furthest offset a page may start at. */
export const MAX_CONTACTS_OFFSET = 100_000;
/** The most names one `name` filter lists. */
export const MAX_NAMES = MAX_CONTACTS_PAGE;

/**
 * GWS reads the filter's parameters as a comma list and `*` as a wildcard, and documents no
 * escape: a comma or `*` the agent types would become a filter or wildcard of its own, so it is
 * refused rather than sent.
 */
const FILTER_SYNTAX = /[,*]/;

const RESOURCE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface ContactQuery {
  /** The search box's text; every contact when absent or blank. */
  search?: string | undefined;
  /**
   * Exact names (GWS's `name` filter: a user contact's userName, a queue's or custom contact's
   * name); a contact matches any of them.
   */
  names?: readonly string[] | undefined;
  type?: WireContactType | undefined;
  channel?: string | undefined;
  offset: number;
  limit: number;
}

export interface ContactPage {
  contacts: WireContact[];
  /** How many match in all, where GWS says. */
  totalCount: number | undefined;
}

/** The words of a search: each must match, anywhere in a field. @throws GwsError `invalid_input`. */
export function searchWords(search: string): string[] {
  assertText('search', search, 'line', MAX_SEARCH_LENGTH);
  if (FILTER_SYNTAX.test(search)) {
    throw new GwsError(
      'invalid_input',
      'search must not hold a comma or *: GWS reads them as filter syntax.',
    );
  }
  const words = search.split(/\s+/).filter((word) => word !== '');
  if (words.length > MAX_SEARCH_WORDS) {
    throw new GwsError('invalid_input', `search must have at most ${MAX_SEARCH_WORDS} words.`);
  }
  return words;
}

/** Whether a name can go in GWS's comma list of names as itself. */
export function isListableName(name: string): boolean {
  return name.trim() !== '' && !FILTER_SYNTAX.test(name) && name.length <= MAX_NAME_LENGTH;
}

const MAX_NAME_LENGTH = 256;

function exactName(name: string): string {
  assertText('name', name, 'line', MAX_NAME_LENGTH);
  if (!isListableName(name)) {
    throw new GwsError(
      'invalid_input',
      'A name of the name filter must not be blank nor hold a comma or *.',
    );
  }
  return name;
}

/**
 * The query string of `GET /api/v2/contacts` for a page. Paging parameters are not named by the
 * ContactsResource page: `offset` and `limit` are what GWS v2's other collections take.
 * @throws GwsError `invalid_input`.
 */
export function contactsQuery(query: ContactQuery): Record<string, string> {
  const { offset, limit } = query;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_CONTACTS_PAGE) {
    throw new GwsError(
      'invalid_input',
      `first must be a whole number from 1 to ${MAX_CONTACTS_PAGE}.`,
    );
  }
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > MAX_CONTACTS_OFFSET) {
    throw new GwsError('invalid_input', 'after is not a cursor of this list.');
  }
  const parameters: Record<string, string> = { fields: '*' };
  const words = query.search === undefined ? [] : searchWords(query.search);
  if (words.length > 0) {
    parameters.filterName = 'NamesOrPhoneNumberMatches';
    parameters.filterParameters = words.map((word) => `*${word}*`).join(',');
  }
  if (query.names !== undefined && query.names.length > MAX_NAMES) {
    throw new GwsError('invalid_input', `The name filter lists at most ${MAX_NAMES} names.`);
  }
  if (query.names !== undefined && query.names.length > 0) {
    parameters.name = query.names.map(exactName).join(',');
  }
  if (query.type !== undefined) parameters.type = query.type;
  if (query.channel !== undefined) {
    assertChannelName(query.channel);
    parameters.channel = query.channel;
  }
  parameters.offset = String(offset);
  parameters.limit = String(limit);
  return parameters;
}

/**
 * The page GWS answered. A GWS that ignores the paging parameters answers every match at once:
 * more than the page asked for means the whole list, which is paged here instead.
 */
export function contactPage(body: WireContactsResponse, query: ContactQuery): ContactPage {
  const listed = listOf(body.contacts, 'contact').filter(
    (contact): contact is WireContact =>
      typeof contact === 'object' && contact !== null && typeof contact.id === 'string',
  );
  const totalCount =
    typeof body.totalCount === 'number' &&
    Number.isSafeInteger(body.totalCount) &&
    body.totalCount >= 0
      ? body.totalCount
      : undefined;
  // A GWS that pages answers at most `limit`, and fewer than all of them from an offset past 0.
  const wholeList =
    listed.length > query.limit ||
    (query.offset > 0 && listed.length > 0 && listed.length === totalCount);
  if (!wholeList) return { contacts: listed, totalCount };
  return {
    contacts: listed.slice(query.offset, query.offset + query.limit),
    totalCount: totalCount ?? listed.length,
  };
}

/** A user, contact or queue id, before it goes into a path. @throws GwsError `invalid_input`. */
export function assertDirectoryId(what: string, id: string): void {
  if (!RESOURCE_ID.test(id)) {
    throw new GwsError(
      'invalid_input',
      `Invalid ${what}: expected 1 to 128 letters, digits, hyphens or underscores.`,
    );
  }
}

/** The entry under `key` of a singular GET's answer. @throws GwsError `unavailable` when absent. */
export function singleEntry<T extends { id: string }>(entry: T | undefined, key: string): T {
  if (typeof entry !== 'object' || entry === null || typeof entry.id !== 'string') {
    throw malformed(`no ${key} in the answer`);
  }
  return entry;
}
