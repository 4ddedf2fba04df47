import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Simulator } from '../../simulator/index.js';

export interface ReceivedEvent {
  __typename: string;
  sessionId: string;
  notificationType: string;
  referenceId: number | null;
  [field: string]: unknown;
}

export const EVENTS_QUERY = `subscription ($id: ID) {
  smsSessionEvents(id: $id) {
    __typename sessionId notificationType referenceId
    ... on SmsSessionUpdated { session { id state userData participants { nickname type } } }
    ... on SmsMessagesAdded { messages { index type text visibility from { nickname type } } }
    ... on SmsOperationFailed { errorMessage }
  }
}`;

/** A graphql-ws client of the gateway at `url` (its http:// GraphQL URL) that never retries. */
export function connectClient(url: string, connectionParams: Record<string, unknown>): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams,
  });
}

/** A graphql-ws client holding one smsSessionEvents subscription, recording what it receives. */
export class Subscriber {
  readonly events: ReceivedEvent[] = [];
  /** When each of `events` arrived (Date.now()), index for index. */
  readonly receivedAt: number[] = [];
  readonly errors: unknown[] = [];
  closeCode: number | undefined;
  private readonly client: Client;
  private readonly waiters = new Set<() => void>();

  constructor(
    url: string,
    authorization: string | undefined,
    options: {
      sessionId?: string;
      /** A subscription document of its own, with `$id` and `$after` variables. */
      query?: string;
      /** The subscription field `query` selects; smsSessionEvents by default. */
      field?: string;
      after?: string;
    } = {},
  ) {
    this.client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      // A refused connection is an expected outcome here; the close code is recorded below.
      onNonLazyError: () => undefined,
      connectionParams: authorization ? { Authorization: authorization } : {},
      on: {
        closed: (event) => {
          this.closeCode = (event as { code?: number }).code;
          this.notify();
        },
      },
    });
    const field = options.field ?? 'smsSessionEvents';
    this.client.subscribe<Record<string, ReceivedEvent>>(
      {
        query: options.query ?? EVENTS_QUERY,
        variables: {
          id: options.sessionId ?? null,
          ...(options.after === undefined ? {} : { after: options.after }),
        },
      },
      {
        next: (result) => {
          const event = result.data?.[field];
          if (event) {
            this.events.push(event);
            this.receivedAt.push(Date.now());
          }
          if (result.errors) this.errors.push(...result.errors);
          this.notify();
        },
        error: (error) => {
          if (Array.isArray(error)) this.errors.push(...(error as unknown[]));
          else this.errors.push(error);
          this.notify();
        },
        complete: () => this.notify(),
      },
    );
  }

  /** Resolves with the first received event that matches, failing after `timeoutMs`. */
  waitFor(match: (event: ReceivedEvent) => boolean, timeoutMs = 5_000): Promise<ReceivedEvent> {
    return this.until(() => this.events.find(match), `an event matching ${match}`, timeoutMs);
  }

  waitForClose(timeoutMs = 5_000): Promise<number> {
    return this.until(() => this.closeCode, 'the connection to close', timeoutMs);
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }

  private until<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value === undefined) return false;
        clearTimeout(timer);
        this.waiters.delete(onChange);
        resolve(value);
        return true;
      };
      const onChange = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(onChange);
        reject(
          new Error(
            `timed out waiting for ${what}; received ${JSON.stringify(this.events)} errors ${JSON.stringify(this.errors)}`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.waiters.add(onChange);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Whether an event adds a transcript entry whose text passes `test`. */
export function addsText(test: (text: string) => boolean) {
  return (event: ReceivedEvent): boolean =>
    event.__typename === 'SmsMessagesAdded' &&
    (event.messages as { text: string | null }[]).some(
      (message) => message.text !== null && test(message.text),
    );
}

export function hasText(text: string): (event: ReceivedEvent) => boolean {
  return addsText((candidate) => candidate === text);
}

/** The texts of the transcript entries the events add, in the order received. */
export function transcriptTexts(events: readonly ReceivedEvent[]): (string | null)[] {
  return events.flatMap((event) =>
    event.__typename === 'SmsMessagesAdded'
      ? (event.messages as { text: string | null }[]).map((message) => message.text)
      : [],
  );
}

/**
 * Waits until every receiver's subscription is in place (a client cannot see that over
 * graphql-ws or graphql-sse): the session's customer writes until a message of theirs has reached all of them.
 */
export async function allReceiving(
  simulator: Simulator,
  sessionId: string,
  ...receivers: Pick<Subscriber, 'events'>[]
): Promise<void> {
  const prefix = `ready ${Math.random()}`;
  const received = addsText((text) => text.startsWith(prefix));
  for (
    let attempt = 0;
    !receivers.every((receiver) => receiver.events.some(received));
    attempt += 1
  ) {
    if (attempt === 50) throw new Error('subscribers did not start receiving within 10 s');
    simulator.sendCustomerMessage(sessionId, `${prefix} ${attempt}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
