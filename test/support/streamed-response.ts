import type http from 'node:http';
import type { GraphQLResponse } from './stack.js';
import type { ReceivedEvent } from './subscriber.js';
import { waitFor } from './wait.js';

export type GraphQLError = NonNullable<GraphQLResponse['errors']>[number];

/**
 * A subscription answered over one streamed HTTP response, as a test client reads it: what the
 * transports have in common (events received, reading paused and resumed, the request ended).
 */
export abstract class StreamedResponse {
  readonly events: ReceivedEvent[] = [];
  protected response: http.IncomingMessage | undefined;

  protected constructor(protected readonly request: http.ClientRequest) {}

  /** Resolves with the first received event that matches, failing after `timeoutMs`. */
  async waitFor(
    match: (event: ReceivedEvent) => boolean,
    timeoutMs = 5_000,
  ): Promise<ReceivedEvent> {
    await waitFor(() => this.events.some(match), timeoutMs);
    return this.events.find(match) as ReceivedEvent;
  }

  /** Stops reading, so what the server sends piles up in the socket. */
  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  close(): void {
    this.request.destroy();
  }
}
