/**
 * The Bayeux 1.0 protocol as the notification stream speaks it with GWS's CometD, apart from any
 * HTTP: the meta messages it sends, how an answer is read (the reply to the request, a server's
 * `/meta/disconnect`, the notifications that came along), and the advice the server gives. No I/O.
 */

/** CometD's default long-poll hold, until the server advises one. */
const DEFAULT_ADVISED_TIMEOUT_MS = 30_000;
/** An advised long-poll hold beyond this is not believed, so the watchdog still means something. */
const MAX_ADVISED_TIMEOUT_MS = 10 * 60_000;

export interface BayeuxAdvice {
  reconnect?: unknown;
  interval?: unknown;
  timeout?: unknown;
}

/** A message as it comes off the wire: only `channel` is known to be there and a string. */
export interface BayeuxMessage {
  channel: string;
  id?: string;
  clientId?: string;
  successful?: boolean;
  error?: unknown;
  advice?: BayeuxAdvice;
  data?: unknown;
  [field: string]: unknown;
}

export type MetaChannel =
  '/meta/handshake' | '/meta/subscribe' | '/meta/connect' | '/meta/disconnect';

/** A meta message the stream sends; its reply comes on the same channel with the same id. */
export interface BayeuxRequest extends BayeuxMessage {
  channel: MetaChannel;
  id: string;
}

/** What CometD's `advice.reconnect` tells a client to do after this reply. */
export type AdvisedReconnect = 'retry' | 'handshake' | 'none';

/** The meta messages of one client, numbered in the order they are made. */
export class BayeuxMessages {
  private lastId = 0;

  handshake(): BayeuxRequest {
    return {
      channel: '/meta/handshake',
      version: '1.0',
      minimumVersion: '1.0',
      supportedConnectionTypes: ['long-polling'],
      id: this.nextId(),
    };
  }

  subscribe(clientId: string, subscription: string): BayeuxRequest {
    return { channel: '/meta/subscribe', clientId, subscription, id: this.nextId() };
  }

  /**
   * A long-poll. The first of a session asks to be answered at once, as CometD's own clients do,
   * to confirm the connection.
   */
  connect(clientId: string, first: boolean): BayeuxRequest {
    const request: BayeuxRequest = {
      channel: '/meta/connect',
      clientId,
      connectionType: 'long-polling',
      id: this.nextId(),
    };
    if (first) request.advice = { timeout: 0 };
    return request;
  }

  disconnect(clientId: string): BayeuxRequest {
    return { channel: '/meta/disconnect', clientId, id: this.nextId() };
  }

  private nextId(): string {
    this.lastId += 1;
    return String(this.lastId);
  }
}

/** What a 2xx answer to a meta message says, once read. */
export type BayeuxAnswer =
  /** The body holds no Bayeux messages: it is not CometD's answer. */
  | { readonly kind: 'unreadable' }
  /** The server ended the client's session (a `/meta/disconnect` among the messages). */
  | { readonly kind: 'disconnected' }
  /** Bayeux messages, but none answers the request. */
  | { readonly kind: 'no_reply' }
  | { readonly kind: 'reply'; readonly reply: BayeuxMessage };

/**
 * Reads the answer to `request`; the notifications that came with it are appended to
 * `notifications`, in order, whatever the answer says.
 */
export function readBayeuxAnswer(
  request: BayeuxRequest,
  body: string,
  notifications: BayeuxMessage[],
): BayeuxAnswer {
  const messages = parseMessages(body);
  if (!messages) return UNREADABLE;
  let reply: BayeuxMessage | undefined;
  let disconnected = false;
  for (const message of messages) {
    if (
      message.channel === request.channel &&
      (message.id === undefined || message.id === request.id)
    ) {
      reply = message;
    } else if (message.channel === '/meta/disconnect') {
      disconnected = true;
    } else if (!message.channel.startsWith('/meta/')) {
      notifications.push(message);
    }
  }
  if (disconnected) return DISCONNECTED;
  return reply ? { kind: 'reply', reply } : NO_REPLY;
}

const UNREADABLE: BayeuxAnswer = { kind: 'unreadable' };
const DISCONNECTED: BayeuxAnswer = { kind: 'disconnected' };
const NO_REPLY: BayeuxAnswer = { kind: 'no_reply' };

/** A reply's `error` (`"402::Unknown client"`), when it is the string Bayeux says it is. */
export function errorOf(reply: BayeuxMessage): string | undefined {
  return typeof reply.error === 'string' ? reply.error : undefined;
}

export function isAdvisedReconnect(value: unknown): value is AdvisedReconnect {
  return value === 'retry' || value === 'handshake' || value === 'none';
}

/**
 * The server's advice in force for a client: each reply's advice replaces the fields it carries,
 * the others stand. Durations in milliseconds, capped so that no advice can stall the stream.
 */
export class AdviceInForce {
  reconnect: AdvisedReconnect = 'retry';
  /** The pause before the next long-poll. */
  intervalMs = 0;
  /** How long the server may hold a long-poll. */
  timeoutMs = DEFAULT_ADVISED_TIMEOUT_MS;

  /** @param maxIntervalMs the longest pause between long-polls believed. */
  constructor(private readonly maxIntervalMs: number) {}

  /** A new session starts from CometD's default reconnect advice until its handshake reply says otherwise. */
  startSession(): void {
    this.reconnect = 'retry';
  }

  take(advice: BayeuxAdvice | undefined): void {
    if (!advice) return;
    const { reconnect, interval, timeout } = advice;
    if (isAdvisedReconnect(reconnect)) this.reconnect = reconnect;
    if (isDuration(interval)) this.intervalMs = Math.min(interval, this.maxIntervalMs);
    if (isDuration(timeout)) this.timeoutMs = Math.min(timeout, MAX_ADVISED_TIMEOUT_MS);
  }
}

function parseMessages(body: string): BayeuxMessage[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  for (const message of parsed) {
    if (!isObject(message) || typeof message.channel !== 'string') return undefined;
  }
  return parsed as BayeuxMessage[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
