import type { DocumentNode } from 'graphql';

/** Parsed and validated documents kept by default; the least recently used goes first. */
export const DEFAULT_DOCUMENT_CACHE_ENTRIES = 1_000;

/**
 * The longest document source, in characters, that is kept. The entry bound alone does not bound
 * memory: anyone may send a valid document with a megabyte string literal in it, and a thousand of
 * them would pin a gigabyte. Real operations are far shorter; a longer one is parsed each time.
 */
export const MAX_CACHED_DOCUMENT_CHARS = 8 * 1024;

/**
 * Parsed and validated documents by key, least recently used out first: each distinct document is
 * parsed and validated once, and every operation running it shares one syntax tree instead of
 * holding its own. Only valid documents are kept, so refused ones cannot crowd out the rest, and
 * only short ones ({@link MAX_CACHED_DOCUMENT_CHARS}), so the cache's memory stays bounded.
 *
 * Apollo Server uses it as its `documentStore` (its own keys: schema hash and query hash); the
 * streaming transports use `documentKey`. One bound covers both.
 */
export class DocumentCache {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(private readonly maxEntries = DEFAULT_DOCUMENT_CACHE_ENTRIES) {}

  /** The key the streaming transports keep a query's document under. */
  static documentKey(query: string): string {
    return `operation:${query}`;
  }

  get size(): number {
    return this.documents.size;
  }

  lookup(key: string): DocumentNode | undefined {
    const document = this.documents.get(key);
    if (document === undefined) return undefined;
    // Moved to the most recently used end.
    this.documents.delete(key);
    this.documents.set(key, document);
    return document;
  }

  store(key: string, document: DocumentNode): void {
    this.documents.delete(key);
    // A document parsed without locations has no measurable source: it is not kept either.
    if ((document.loc?.source.body.length ?? Infinity) > MAX_CACHED_DOCUMENT_CHARS) return;
    this.documents.set(key, document);
    if (this.documents.size <= this.maxEntries) return;
    const oldest = this.documents.keys().next().value as string;
    this.documents.delete(oldest);
  }

  /** Apollo Server's `KeyValueCache` face. */
  get(key: string): Promise<DocumentNode | undefined> {
    return Promise.resolve(this.lookup(key));
  }

  set(key: string, document: DocumentNode): Promise<void> {
    this.store(key, document);
    return Promise.resolve();
  }

  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.documents.delete(key));
  }
}
