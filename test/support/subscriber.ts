import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

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
    ... on SmsSessionUpdated { session { id state participants { nickname type } } }
    ... on SmsMessagesAdded { messages { index type text visibility from { nickname type } } }
    ... on SmsOperationFailed { errorMessage }
  }
}`;

/** A graphql-ws client holding one smsSessionEvents subscription, recording what it receives. */
export class Subscriber {
  readonly events: ReceivedEvent[] = [];
  readonly errors: unknown[] = [];
  closeCode: number | undefined;
  private readonly client: Client;
  private readonly waiters = new Set<() => void>();

  constructor(
    url: string,
    authorization: string | undefined,
    options: { sessionId?: string } = {},
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
    this.client.subscribe<{ smsSessionEvents: ReceivedEvent }>(
      { query: EVENTS_QUERY, variables: { id: options.sessionId ?? null } },
      {
        next: (result) => {
          if (result.data) this.events.push(result.data.smsSessionEvents);
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
