import type { DocumentNode } from 'graphql';

/** Parsed and validated documents kept by default; the least recently used goes first. */
export const DEFAULT_DOCUMENT_CACHE_ENTRIES = 1_000;

/**
 * Parsed and validated documents by key, least recently used out first: each distinct document is
 * parsed and validated once, and every operation running it shares one syntax tree instead of
 * holding its own. Only valid documents are kept, so refused ones cannot crowd out the rest.
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
