import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { StreamCoordinator, StreamMembership, StreamRoleHandlers } from '../fanout/index.js';
import { LuaScript, type RedisConnection } from './connection.js';
import { events, type RedisEventLog } from './event-log.js';
import { RedisKeys } from './keys.js';

export interface LeaseCoordinatorOptions<TEvent> {
  /**
   * A holder that stops renewing its lease (it died, or lost Redis) loses it after this long; the
   * stream is taken over within about 1.25 times this.
   */
  leaseTtlMs: number;
  /** Where the holder's events are logged, and read by the followers. */
  log: RedisEventLog<TEvent>;
  logger: Logger;
}

/** Renewals per lease lifetime: a holder keeps its lease through a couple of slow round trips. */
const RENEWALS_PER_TTL = 4;
/** Random bytes naming one membership as a lease's holder. */
const HOLDER_TOKEN_BYTES = 12;

/** Takes the lease when free, or renews it when held by the same holder: 1 if held now, else 0. */
const CLAIM = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`);

/** Deletes the lease only if this holder still holds it. */
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);

type Role = 'undecided' | 'holding' | 'following';

/**
 * One upstream stream per agent across the replicas, through a lease in Redis: the replica that
 * holds the agent's lease holds its stream and logs its events; the others follow the log, woken
 * by the channel each append is announced on. Every member tries to claim the lease each quarter
 * of its lifetime, so a dead holder's stream is taken over once its lease expires. A member that
 * cannot reach Redis holds its own stream: its subscribers are served either way.
 */
export class LeaseCoordinator<TEvent> implements StreamCoordinator<TEvent> {
  /** The followers of each agent's announcement channel. */
  private readonly followers = new Map<string, Set<Membership<TEvent>>>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: LeaseCoordinatorOptions<TEvent>,
  ) {
    redis.subscriber.on('message', (channel: string) => {
      for (const follower of this.followers.get(channel) ?? []) follower.pull();
    });
    // Announcements are not kept while a subscriber is away: catch up on its return.
    redis.subscriber.on('ready', () => {
      for (const followers of this.followers.values())
        for (const follower of followers) follower.pull();
    });
  }

  join(agent: string, handlers: StreamRoleHandlers<TEvent>): StreamMembership {
    return new Membership(agent, handlers, this.redis, this.options, {
      add: (membership) => this.addFollower(agent, membership),
      remove: (membership) => this.removeFollower(agent, membership),
    });
  }

  private async addFollower(agent: string, membership: Membership<TEvent>): Promise<void> {
    const channel = RedisKeys.appended(agent);
    const followers = this.followers.get(channel) ?? new Set();
    this.followers.set(channel, followers);
    followers.add(membership);
    if (followers.size === 1) await this.redis.subscriber.subscribe(channel);
  }

  private async removeFollower(agent: string, membership: Membership<TEvent>): Promise<void> {
    const channel = RedisKeys.appended(agent);
    const followers = this.followers.get(channel);
    if (!followers?.delete(membership) || followers.size > 0) return;
    this.followers.delete(channel);
    await this.redis.subscriber.unsubscribe(channel).catch(() => undefined);
  }
}

interface FollowerRegistry<TEvent> {
  add(membership: Membership<TEvent>): Promise<void>;
  remove(membership: Membership<TEvent>): Promise<void>;
}

/** One replica's part for one agent: a claim each tick, and what follows from its answer. */
class Membership<TEvent> implements StreamMembership {
  private readonly token = randomBytes(HOLDER_TOKEN_BYTES).toString('base64url');
  private readonly timer: NodeJS.Timeout;
  private role: Role = 'undecided';
  private left = false;
  /** The last tick, so leave() waits for it; a tick still running when the next is due skips it. */
  private ticking: Promise<void> = Promise.resolve();
  private tickRunning = false;
  /** The newest entry a follower has handed on. */
  private followedTo: string | undefined;
  /** The pull under way, and whether another was asked for meanwhile. */
  private pulling: Promise<void> | undefined;
  private pullAgain = false;

  constructor(
    private readonly agent: string,
    private readonly handlers: StreamRoleHandlers<TEvent>,
    private readonly redis: RedisConnection,
    private readonly options: LeaseCoordinatorOptions<TEvent>,
    private readonly followers: FollowerRegistry<TEvent>,
  ) {
    this.startTick();
    this.timer = setInterval(() => this.startTick(), options.leaseTtlMs / RENEWALS_PER_TTL);
  }

  async leave(): Promise<void> {
    this.left = true;
    clearInterval(this.timer);
    await this.ticking;
    this.options.log.setRole(this.agent, undefined);
    if (this.role === 'following') await this.stopFollowing();
    // Only commands are needed to give the lease up: the next holder need not wait out its TTL.
    if (this.role === 'holding' && this.redis.commandsReady) {
      await this.closeGap();
      await RELEASE.run(this.redis.commands, [RedisKeys.lease(this.agent)], [this.token]);
    }
  }

  /** Reads what the holder logged since the last pull; pulls asked for meanwhile run after it. */
  pull(): void {
    if (this.pulling) {
      this.pullAgain = true;
      return;
    }
    this.pulling = this.readNew().finally(() => {
      this.pulling = undefined;
      if (!this.pullAgain) return;
      this.pullAgain = false;
      this.pull();
    });
  }

  private startTick(): void {
    if (this.tickRunning) return;
    this.tickRunning = true;
    this.ticking = this.tick()
      .catch((error: unknown) => {
        this.options.logger.error({ agent: this.agent, err: error }, 'stream lease not handled');
      })
      .finally(() => {
        this.tickRunning = false;
      });
  }

  private async tick(): Promise<void> {
    if (this.left) return;
    let held: boolean | undefined;
    // A lease claimed now is sure to be this replica's for its lifetime from before it was asked.
    const askedAt = performance.now();
    try {
      const claimed = await CLAIM.run(
        this.redis.commands,
        [RedisKeys.lease(this.agent)],
        [this.token, this.options.leaseTtlMs],
      );
      held = claimed === 1;
    } catch {
      // Redis cannot be asked: the replica serves its own subscribers from its own stream.
      held = undefined;
    }
    if (this.left) return;
    if (held === undefined) {
      this.options.log.setRole(this.agent, { kind: 'alone' });
      return this.hold(true);
    }
    await this.closeGap();
    if (held) {
      this.options.log.setRole(this.agent, {
        kind: 'holding',
        until: askedAt + this.options.leaseTtlMs,
      });
      return this.hold(false);
    }
    this.options.log.setRole(this.agent, { kind: 'following' });
    if (this.role !== 'following') await this.follow();
  }

  private async hold(alone: boolean): Promise<void> {
    if (this.role === 'holding') return;
    if (this.role === 'following') await this.stopFollowing();
    this.role = 'holding';
    this.options.logger.info(
      { agent: this.agent, alone },
      alone
        ? 'holding the agent’s stream alone: Redis is unreachable'
        : 'holding the agent’s stream',
    );
    this.handlers.hold();
  }

  /**
   * Redis answers again: events this replica logged in its fallback meanwhile are marked as a gap
   * in the shared log, which every follower resyncs over, even with no event logged after them.
   */
  private async closeGap(): Promise<void> {
    try {
      await this.options.log.closeGap(this.agent);
    } catch {
      // Redis still refuses it: the next tick, or the next append, marks it.
    }
  }

  private async follow(): Promise<void> {
    try {
      await this.followers.add(this);
      this.followedTo = await this.options.log.head(this.agent);
    } catch {
      // Left undecided, or holding (another replica has the lease): the next tick tries again.
      await this.followers.remove(this);
      return;
    }
    this.role = 'following';
    this.options.logger.info({ agent: this.agent }, 'following the agent’s stream held elsewhere');
    this.handlers.follow();
    this.pull();
  }

  private async stopFollowing(): Promise<void> {
    await this.followers.remove(this);
    await this.pulling;
    this.followedTo = undefined;
  }

  private async readNew(): Promise<void> {
    const from = this.followedTo;
    if (this.role !== 'following' || from === undefined) return;
    let read;
    try {
      read = await this.options.log.readHeld(this.agent, from);
    } catch {
      // The next announcement, or the subscriber's return, reads again; a lost Redis is the
      // next tick's to notice.
      return;
    }
    if (this.role !== 'following' || this.followedTo !== from) return;
    if (!read.honoured) {
      // Trimmed while this replica fell behind: what it missed is re-sent as state instead.
      this.options.logger.warn({ agent: this.agent }, 'fell behind the agent’s log; resyncing');
      this.followedTo = read.head;
      await this.handlers.resync(read.head);
      return;
    }
    const last = read.entries.at(-1);
    if (last) this.followedTo = last.cursor;
    for (const entry of events(read.entries)) this.handlers.event(entry);
  }
}
