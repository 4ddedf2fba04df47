import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { ContactPage, ContactQuery, WireContact, WireQueue, WireUser } from '../gws/index.js';
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
  /** How long an answer is reused: availability changes as agents change state. */
  ttlMs: number;
}

/** Five seconds: a typed search's repeated prefixes, not a stale availability. */
export const DIRECTORY_CACHE_DEFAULTS: DirectoryCacheOptions = { maxEntries: 10_000, ttlMs: 5_000 };

type CachedValue = ContactPage | WireContact | WireUser | WireQueue[] | { absent: true };

const ABSENT = { absent: true } as const;

/**
 * What GWS answered each agent lately. Keys start with the agent's key (a keyed hash of its
 * credential), so one agent's answers are never another's: GWS may show agents different
 * directories. Bounded in entries and in age (lru-cache).
 */
export class DirectoryCache {
  private readonly entries: LRUCache<string, CachedValue>;

  constructor({ maxEntries, ttlMs }: DirectoryCacheOptions = DIRECTORY_CACHE_DEFAULTS) {
    this.entries = new LRUCache({ max: maxEntries, ttl: ttlMs });
  }

  get(agent: string, key: string): CachedValue | undefined {
    return this.entries.get(`${agent}\n${key}`);
  }

  set(agent: string, key: string, value: CachedValue): void {
    this.entries.set(`${agent}\n${key}`, value);
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
  /** The pages this operation asked for, read or being read: an alias repeating one is free. */
  private readonly pages = new Map<string, Promise<ContactPage>>();

  constructor(
    private readonly calls: () => AgentCalls,
    /** The agent's key, for the cache. */
    private readonly agentKey: () => string,
    private readonly cache: DirectoryCache,
    private readonly signal: AbortSignal,
  ) {}

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
