import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisConnectionOptions {
  /** `redis://` or `rediss://`, with a password and database number when needed. */
  url: string;
  /** A command still unanswered this long fails, in ms. */
  commandTimeoutMs: number;
  logger: Logger;
}

/** Whether both connections are up; told on every change. */
type RedisHealthListener = (connected: boolean) => void;

/** A longer wait for the first connection would hold the start of a replica Redis cannot serve. */
const FIRST_CONNECTION_WAIT_MS = 3_000;
/** Reconnection pauses grow by this per attempt, up to {@link MAX_RECONNECT_PAUSE_MS}. */
const RECONNECT_PAUSE_STEP_MS = 100;
const MAX_RECONNECT_PAUSE_MS = 1_000;

/**
 * The replica's two connections to Redis: one for commands, one for pub/sub (which takes a
 * connection of its own). Commands fail at once while Redis is unreachable, rather than queueing,
 * so callers fall back to what the replica can do alone; ioredis keeps reconnecting meanwhile.
 */
export class RedisConnection {
  readonly commands: Redis;
  readonly subscriber: Redis;
  private readonly listeners = new Set<RedisHealthListener>();
  private wasConnected = false;

  constructor(private readonly options: RedisConnectionOptions) {
    const settings = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: options.commandTimeoutMs,
      retryStrategy: (attempt: number) =>
        Math.min(attempt * RECONNECT_PAUSE_STEP_MS, MAX_RECONNECT_PAUSE_MS),
    };
    this.commands = new Redis(options.url, settings);
    // A subscriber must queue its SUBSCRIBE commands until it is connected, and resubscribe after.
    this.subscriber = new Redis(options.url, { ...settings, enableOfflineQueue: true });
    for (const client of [this.commands, this.subscriber]) {
      // ioredis reports each failed reconnection as an error: the change of health is what is
      // logged, in check().
      client.on('error', () => undefined);
      for (const event of ['ready', 'close', 'end']) client.on(event, () => this.check());
    }
  }

  /** Whether both connections are up now. */
  get connected(): boolean {
    return this.commandsReady && this.subscriber.status === 'ready';
  }

  /**
   * Whether commands can be sent now. What is written or read through them is shared whether or
   * not the pub/sub connection is up: only being told of appends waits for that one.
   */
  get commandsReady(): boolean {
    return this.commands.status === 'ready';
  }

  /** Resolves once connected, or after a short wait either way: the replica starts regardless. */
  async firstConnection(): Promise<boolean> {
    if (this.connected) return true;
    let listener: RedisHealthListener = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      listener = (connected) => {
        if (connected) resolve();
      };
      this.listeners.add(listener);
      timer = setTimeout(resolve, FIRST_CONNECTION_WAIT_MS);
    });
    clearTimeout(timer);
    this.listeners.delete(listener);
    return this.connected;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all(
      [this.commands, this.subscriber].map(async (client) => {
        if (client.status === 'end') return;
        // quit() lets replies in flight arrive; a client not connected now has nothing to wait for.
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      }),
    );
  }

  private check(): void {
    const { connected } = this;
    if (connected === this.wasConnected) return;
    this.wasConnected = connected;
    if (connected) this.options.logger.info('Redis connected: serving as part of the cluster');
    else this.options.logger.warn('Redis unreachable: serving this replica’s subscribers alone');
    for (const listener of [...this.listeners]) listener(connected);
  }
}

/** A Lua script run by its digest, sent in full only when Redis does not know it yet. */
export class LuaScript {
  private readonly sha1: string;

  constructor(private readonly source: string) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(
    redis: Redis,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
