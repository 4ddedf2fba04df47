import { LRUCache } from 'lru-cache';

/**
 * A map whose entries expire, holding at most `capacity` of them: when full, the entry used
 * longest ago goes first, so no flood of keys can grow it. The bound is `lru-cache`'s. Expiry is
 * by the caller's clock (`now`), as a rate window's end is the one its Retry-After was told from;
 * lru-cache's own TTL runs on its own clock.
 */
export class ExpiringMap<V> {
  /**
   * Bounded by `maxSize` with every entry of size 1 rather than by `max`, which makes lru-cache
   * allocate room for `max` entries up front (BENCHMARKS.md: 28 MB per empty map at 1,000,000).
   */
  private readonly entries: LRUCache<string, { value: V; expiresAt: number }>;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a whole number of at least 1 (got ${capacity}).`);
    }
    this.entries = new LRUCache({ maxSize: capacity, sizeCalculation: () => 1 });
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value under `key` unless it has expired by `now`. */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
