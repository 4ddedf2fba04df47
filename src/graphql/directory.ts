import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import {
  isListableName,
  MAX_NAMES,
  type ContactPage,
  type ContactQuery,
  type WireContact,
  type WireQueue,
  type WireUser,
} from '../gws/index.js';
import { approximateJsonBytes } from './budget.js';
import type { AgentCalls } from './context.js';

/**
 * The directory as one operation reads it: contacts, users and queues, each read at most once per
 * operation (a DataLoader per kind, so the people of many participants cost one GET per distinct
 * person), and kept a short while across the agent's operations (DirectoryCache), so a desktop
 * that searches as the agent types asks GWS once per distinct search.
 */

export interface DirectoryCacheOptions {
  /** Entries kept across all agents; the least recently used go first. */
  maxEntries: number;
  /** Their size in all, about as JSON, in bytes; an answer larger than a tenth is not kept. */
  maxBytes: number;
  /** How long an answer is reused (availability changes as agents change state); 0: never. */
  ttlMs: number;
}

type CachedValue = ContactPage | WireContact | WireUser | WireQueue[] | { absent: true };

const ABSENT = { absent: true } as const;

/**
 * What GWS answered each agent lately. Keys start with the agent's key (a keyed hash of its
 * credential), so one agent's answers are never another's: GWS may show agents different
 * directories. Bounded in entries and in age (lru-cache).
 */
export class DirectoryCache {
  /** Undefined when answers are not reused (a time to live of 0). */
  private readonly entries: LRUCache<string, CachedValue> | undefined;

  constructor({ maxEntries, maxBytes, ttlMs }: DirectoryCacheOptions) {
    if (ttlMs === 0) return;
    const maxEntrySize = Math.max(1, Math.floor(maxBytes / 10));
    this.entries = new LRUCache({
      max: maxEntries,
      maxSize: maxBytes,
      maxEntrySize,
      // Measured no further than the largest entry kept: a larger one costs no more to refuse.
      sizeCalculation: (value, key) =>
        Math.max(1, key.length + approximateJsonBytes(value, maxEntrySize)),
      ttl: ttlMs,
    });
  }

  get(agent: string, key: string): CachedValue | undefined {
    return this.entries?.get(`${agent}\n${key}`);
  }

  set(agent: string, key: string, value: CachedValue): void {
    this.entries?.set(`${agent}\n${key}`, value);
  }
}

/** A link of a participant to a person of the directory. */
export interface PersonLink {
  kind: 'users' | 'contacts';
  id: string;
}

const PERSON_LINK = /(?:^|\/)(users|contacts)\/([A-Za-z0-9_-]{1,128})\/?$/;

/**
 * The person a participant's GWS record links to: its path (`/users/{id}`, `/contacts/{id}`), else
 * its uri (`…/api/v2/users/{id}`); undefined when it carries neither.
 */
export function personLink(participant: {
  path?: string | null;
  uri?: string | null;
}): PersonLink | undefined {
  for (const link of [participant.path, participant.uri]) {
    if (typeof link !== 'string') continue;
    const match = PERSON_LINK.exec(link.replace(/[?#].*$/, ''));
    if (match) return { kind: match[1] as PersonLink['kind'], id: match[2] as string };
  }
  return undefined;
}

export class OperationDirectory {
  private contactLoader: DataLoader<string, WireContact | null> | undefined;
  private userLoader: DataLoader<string, WireUser | null> | undefined;
  private queueList: Promise<WireQueue[]> | undefined;
  private userContactLoader: DataLoader<string, WireContact | null> | undefined;
  /** The pages this operation asked for, read or being read: an alias repeating one is free. */
  private readonly pages = new Map<string, Promise<ContactPage>>();

  constructor(
    private readonly calls: () => AgentCalls,
    /** The agent's key, for the cache. */
    private readonly agentKey: () => string,
    private readonly cache: DirectoryCache,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * Forgets what this operation read, for the next execution on its context (a subscription's
   * next event): a long-lived context must not keep people, nor their availability, for ever.
   */
  startOver(): void {
    this.contactLoader = undefined;
    this.userLoader = undefined;
    this.userContactLoader = undefined;
    this.queueList = undefined;
    this.pages.clear();
  }

  /** One page of contacts; the contacts it holds are cached for the agent's people, too. */
  contacts(query: ContactQuery): Promise<ContactPage> {
    // GWS matches case-insensitively and word by word: spacing and case make no other search.
    const search = query.search?.trim().split(/\s+/).join(' ').toLowerCase();
    const key = `search ${JSON.stringify([search, query.type, query.channel, query.offset, query.limit])}`;
    let page = this.pages.get(key);
    if (!page) {
      page = this.readContacts(key, query);
      this.pages.set(key, page);
    }
    return page;
  }

  private async readContacts(key: string, query: ContactQuery): Promise<ContactPage> {
    const agent = this.agentKey();
    const cached = this.cache.get(agent, key);
    if (cached) return cached as ContactPage;
    const page = await this.calls().listContacts(query, { signal: this.signal });
    this.cache.set(agent, key, page);
    for (const contact of page.contacts) this.cache.set(agent, `contact ${contact.id}`, contact);
    return page;
  }

  /** The contact, or null when GWS does not know it. */
  contact(id: string): Promise<WireContact | null> {
    this.contactLoader ??= this.loader('contact', (calls, each, options) =>
      calls.getContact(each, options),
    );
    return this.contactLoader.load(id);
  }

  /** The user, or null when GWS does not know it. */
  user(id: string): Promise<WireUser | null> {
    this.userLoader ??= this.loader('user', (calls, each, options) => calls.getUser(each, options));
    return this.userLoader.load(id);
  }

  /**
   * The user contact of a user name (whose availability it carries), or null. The user names an
   * operation asks for are read together, in one GET with GWS's `name` filter (a comma list of
   * exact names): one request however many people an answer shows.
   */
  userContact(userName: string): Promise<WireContact | null> {
    this.userContactLoader ??= new DataLoader(
      async (userNames) => {
        const agent = this.agentKey();
        const key = (userName: string) => `user contact ${userName}`;
        const found = new Map<string, WireContact | null>();
        for (const userName of userNames) {
          const cached = this.cache.get(agent, key(userName));
          // A name GWS's comma list cannot carry as itself is not asked for.
          if (cached || !isListableName(userName)) {
            found.set(userName, cached && !('absent' in cached) ? (cached as WireContact) : null);
          }
        }
        const names = userNames.filter((userName) => !found.has(userName));
        if (names.length > 0) {
          const page = await this.calls().listContacts(
            { names, type: 'User', offset: 0, limit: names.length },
            { signal: this.signal },
          );
          for (const userName of names) {
            const contact = page.contacts.find((candidate) => candidate.userName === userName);
            found.set(userName, contact ?? null);
            this.cache.set(agent, key(userName), contact ?? ABSENT);
          }
        }
        return userNames.map((userName) => found.get(userName) ?? null);
      },
      { maxBatchSize: MAX_NAMES },
    );
    return this.userContactLoader.load(userName);
  }

  /** Every queue, read once per operation. */
  queues(): Promise<WireQueue[]> {
    return (this.queueList ??= this.readQueues());
  }

  /** The queue, or null when GWS lists none of this id. */
  async queue(id: string): Promise<WireQueue | null> {
    return (await this.queues()).find((queue) => queue.id === id) ?? null;
  }

  private async readQueues(): Promise<WireQueue[]> {
    const agent = this.agentKey();
    const cached = this.cache.get(agent, 'queues');
    if (cached) return cached as WireQueue[];
    const queues = await this.calls().listQueues({ signal: this.signal });
    this.cache.set(agent, 'queues', queues);
    return queues;
  }

  /**
   * A loader of one kind of entry: GWS reads them one GET each (it has no batch read), each
   * distinct id once per operation, none for an id the agent's cache holds.
   */
  private loader<T extends WireContact | WireUser>(
    kind: string,
    read: (calls: AgentCalls, id: string, options: { signal: AbortSignal }) => Promise<T | null>,
  ): DataLoader<string, T | null> {
    return new DataLoader<string, T | null>((ids) => {
      const agent = this.agentKey();
      return Promise.all(
        ids.map(async (id) => {
          const cached = this.cache.get(agent, `${kind} ${id}`);
          if (cached) return 'absent' in cached ? null : (cached as T);
          const entry = await read(this.calls(), id, { signal: this.signal });
          this.cache.set(agent, `${kind} ${id}`, entry ?? ABSENT);
          return entry;
        }),
      );
    });
  }
}
