import type { WireMessage } from '../gws/index.js';
import type { PageInfo, SmsMessage } from '../generated/graphql.js';
import { badUserInput } from './errors.js';
import { cacheId } from './wire-values.js';

/**
 * A session's transcript in pages (Relay cursor connections) over GWS's
 * `GET …/messages?startIndex&count`. A cursor names a transcript index, not an offset: indices
 * may have gaps (reference §2.3) and new entries only ever come at the end, so a page stays the
 * same while messages arrive. startIndex is read as an index, as its name and the entries' `index`
 * say; entries GWS returns outside the page's range are dropped, so an answer that overlaps is
 * harmless.
 *
 * Upstream reads per page, at most: one forward (first/after); one backward from the end (last
 * without before: the whole transcript, as only its end tells where the end is); two backward
 * from a cursor (the window just before it, and, when gaps leave it short, everything before the
 * window); none for a range that holds no index.
 */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Reads entries from `startIndex` on, at most `count` of them (0: all). */
export type ReadTranscript = (startIndex: number, count: number) => Promise<WireMessage[]>;

/** Which page a client asks for, checked. */
export interface PageRequest {
  readonly direction: 'forward' | 'backward';
  readonly size: number;
  /** Only indices above this one (0: from the start). */
  readonly after: number;
  /** Only indices below this one; undefined: to the end. */
  readonly before: number | undefined;
}

export interface TranscriptPage {
  /** In index order. */
  readonly entries: WireMessage[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  /** Known only when a read covered the whole transcript. */
  readonly totalCount: number | null;
}

export interface TranscriptArguments {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

/**
 * The page the arguments ask for.
 * @throws BAD_USER_INPUT for first and last together, a size out of range, or a cursor that is not
 *   one of this session's transcript.
 */
export function pageRequest(sessionId: string, args: TranscriptArguments): PageRequest {
  const first = args.first ?? undefined;
  const last = args.last ?? undefined;
  if (first !== undefined && last !== undefined) {
    throw badUserInput('Give first or last, not both.', 'last');
  }
  for (const [name, size] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (size !== undefined && (size < 0 || size > MAX_PAGE_SIZE)) {
      throw badUserInput(`${name} must be from 0 to ${MAX_PAGE_SIZE}.`, name);
    }
  }
  const after = args.after ? cursorIndex(sessionId, args.after, 'after') : 0;
  const before = args.before ? cursorIndex(sessionId, args.before, 'before') : undefined;
  return last === undefined
    ? { direction: 'forward', size: first ?? DEFAULT_PAGE_SIZE, after, before }
    : { direction: 'backward', size: last, after, before };
}

/** The cursor of a transcript entry. */
export function transcriptCursor(sessionId: string, index: number): string {
  return cacheId(CURSOR_TYPE, sessionId, index);
}

const CURSOR_TYPE = 'SmsTranscriptCursor';
const MAX_CURSOR_LENGTH = 1_024;

function cursorIndex(sessionId: string, cursor: string, argumentName: string): number {
  let parts: unknown;
  try {
    parts =
      cursor.length <= MAX_CURSOR_LENGTH
        ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
        : undefined;
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 3 || parts[0] !== CURSOR_TYPE) {
    throw badUserInput(`${argumentName} is not a transcript cursor.`, argumentName);
  }
  const [, cursorSession, index] = parts as [string, unknown, unknown];
  if (cursorSession !== sessionId) {
    throw badUserInput(
      `${argumentName} is a cursor of another session's transcript.`,
      argumentName,
    );
  }
  if (!Number.isSafeInteger(index) || (index as number) < 1) {
    throw badUserInput(`${argumentName} is not a transcript cursor.`, argumentName);
  }
  return index as number;
}

/** Reads the page with as few upstream reads as the bounds above say. */
export async function readTranscriptPage(
  request: PageRequest,
  read: ReadTranscript,
): Promise<TranscriptPage> {
  const { after, before, size } = request;
  const inRange = (entries: WireMessage[], from: number, below: number | undefined) =>
    ordered(entries).filter(({ index }) => index >= from && (below === undefined || index < below));
  if (before !== undefined && before <= after + 1) {
    return { entries: [], hasNextPage: true, hasPreviousPage: after > 0, totalCount: null };
  }

  if (request.direction === 'forward') {
    // One more than the page: whether it is there tells hasNextPage.
    const read1 = await read(after + 1, size + 1);
    const beyond = inRange(read1, after + 1, undefined);
    const within = before === undefined ? beyond : beyond.filter(({ index }) => index < before);
    // Read from the start, fewer entries than asked for end the transcript; more than asked for
    // come from a GWS that ignores count, and are all of them.
    const wholeTranscript = after === 0 && read1.length !== size + 1;
    return {
      entries: within.slice(0, size),
      hasNextPage: within.length > size || within.length < beyond.length,
      hasPreviousPage: after > 0,
      totalCount: wholeTranscript ? ordered(read1).length : null,
    };
  }

  if (before === undefined) {
    const all = await read(1, 0);
    const within = inRange(all, after + 1, undefined);
    return {
      entries: within.slice(Math.max(within.length - size, 0)),
      hasNextPage: false,
      hasPreviousPage: within.length > size || (after > 0 && within.length < ordered(all).length),
      totalCount: ordered(all).length,
    };
  }

  // The window of indices just below `before` that holds the page and one more, were there no
  // gaps: every entry in it fits in its count, however many indices are missing.
  const wanted = size + 1;
  const windowStart = Math.max(after + 1, before - wanted);
  let within = inRange(await read(windowStart, before - windowStart), windowStart, before);
  if (within.length < wanted && windowStart > after + 1) {
    const earlier = await read(after + 1, windowStart - (after + 1));
    within = [...inRange(earlier, after + 1, windowStart), ...within];
  }
  return {
    entries: within.slice(Math.max(within.length - size, 0)),
    hasNextPage: true,
    hasPreviousPage: within.length > size || after > 0,
    totalCount: null,
  };
}

/** Entries with a usable index, in index order, each index once. */
function ordered(entries: WireMessage[]): WireMessage[] {
  const byIndex = new Map<number, WireMessage>();
  for (const entry of entries) {
    if (
      typeof entry === 'object' &&
      entry !== null &&
      Number.isSafeInteger(entry.index) &&
      !byIndex.has(entry.index)
    ) {
      byIndex.set(entry.index, entry);
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** The connection of a page of mapped messages. */
export function connection(
  sessionId: string,
  page: TranscriptPage,
  messages: SmsMessage[],
): {
  edges: { cursor: string; node: SmsMessage }[];
  pageInfo: PageInfo;
  totalCount: number | null;
} {
  const edges = messages.map((node) => ({ cursor: transcriptCursor(sessionId, node.index), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}
