/**
 * The path of the events followed through the log of another process's stream; each upstream
 * stream this process opens for an agent is a path of its own, numbered from 1.
 */
export const FOLLOWED_PATH = 0;

export interface RecentIdentitiesBounds {
  /** Identities held; the one seen longest ago goes first. */
  maxEntries: number;
  /** An identity seen longer ago than this is forgotten, in ms. */
  maxAgeMs: number;
  /** The clock, in ms; `Date.now` unless a test sets it. */
  now?: () => number;
}

/** Where an identity was last seen, and when. */
interface Sighting {
  readonly path: number;
  readonly at: number;
}

/**
 * The upstream identities of one agent's recent events, each with the path it came by (one of
 * this process's upstream streams, or the log another process's stream is followed through),
 * bounded by count and age. Tells a copy of an event (its identity seen by another path) from a
 * new one.
 */
export class RecentIdentities {
  /** In the order last seen, least recent first, so the oldest are forgotten from the front. */
  private readonly seen = new Map<string, Sighting>();
  private readonly now: () => number;

  constructor(private readonly bounds: RecentIdentitiesBounds) {
    this.now = bounds.now ?? Date.now;
  }

  /** Identities held now, for tests. */
  get size(): number {
    return this.seen.size;
  }

  /**
   * Whether an event of this identity, come by `path`, is new; it is a copy (false) when another
   * path brought the identity within the window. An upstream stream delivers each notification
   * once, so the same identity again by the same path is a new notification that happens to be
   * alike (a participant list back to what it was): it is new, and seen afresh.
   */
  admit(identity: string, path: number): boolean {
    const now = this.now();
    this.forgetBefore(now - this.bounds.maxAgeMs);
    const earlier = this.seen.get(identity);
    if (earlier !== undefined && earlier.path !== path) return false;
    // Deleted first, so that setting it again moves it to the most recent end.
    if (earlier !== undefined) this.seen.delete(identity);
    this.seen.set(identity, { path, at: now });
    if (this.seen.size > this.bounds.maxEntries) {
      this.seen.delete(this.seen.keys().next().value as string);
    }
    return true;
  }

  private forgetBefore(oldest: number): void {
    for (const [identity, sighting] of this.seen) {
      if (sighting.at >= oldest) return;
      this.seen.delete(identity);
    }
  }
}
