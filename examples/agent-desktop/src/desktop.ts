import { createDesktopClient, type DesktopClientOptions } from './client.js';
import {
  SignedInAgentDocument,
  SmsSessionEventsDocument,
  SmsSessionsDocument,
} from './documents.js';
import type {
  SignedInAgentQuery,
  SmsSessionEventsSubscription,
  SmsSessionsQuery,
} from './gql/graphql.js';

export type SmsSessionEvent = SmsSessionEventsSubscription['smsSessionEvents'];

/** What the desktop saw, in the order it saw it. */
export type DesktopUpdate =
  | { kind: 'signedIn'; agent: SignedInAgentQuery['me'] }
  | { kind: 'sessions'; sessions: SmsSessionsQuery['smsSessions'] }
  /** The WebSocket is up; on a reconnect the subscription resumes after `resumeAfter`. */
  | { kind: 'connected'; reconnect: boolean; resumeAfter: string | undefined }
  | { kind: 'disconnected'; code: number | undefined }
  | { kind: 'event'; event: SmsSessionEvent };

export interface AgentDesktopOptions extends Pick<DesktopClientOptions, 'url' | 'retryWait'> {
  userName: string;
  password: string;
  /** Stops the desktop: the subscription ends and the connection closes. */
  signal: AbortSignal;
  onUpdate(update: DesktopUpdate): void;
}

export function basicAuthorization(userName: string, password: string): string {
  return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}

/**
 * Signs in, lists the agent's SMS sessions, then follows their events until `signal` aborts,
 * resuming after the last event received whenever the WebSocket reconnects. Rejects when the
 * gateway refuses the agent or ends the subscription.
 */
export async function runAgentDesktop(options: AgentDesktopOptions): Promise<void> {
  const { signal, onUpdate } = options;
  let lastCursor: string | undefined;
  const client = createDesktopClient({
    url: options.url,
    authorization: basicAuthorization(options.userName, options.password),
    retryWait: options.retryWait,
    onConnected: (reconnect) =>
      onUpdate({ kind: 'connected', reconnect, resumeAfter: reconnect ? lastCursor : undefined }),
    onClosed: (code) => {
      if (!signal.aborted) onUpdate({ kind: 'disconnected', code });
    },
  });
  try {
    const context = { fetchOptions: { signal } };
    const me = await client.apollo.query({ query: SignedInAgentDocument, context });
    if (me.data) onUpdate({ kind: 'signedIn', agent: me.data.me });
    const sessions = await client.apollo.query({ query: SmsSessionsDocument, context });
    if (sessions.data) onUpdate({ kind: 'sessions', sessions: sessions.data.smsSessions });

    await new Promise<void>((resolve, reject) => {
      if (signal.aborted) return resolve();
      const subscription = client.apollo
        .subscribe({
          query: SmsSessionEventsDocument,
          context: { resume: { variable: 'after', lastCursor: () => lastCursor } },
        })
        .subscribe({
          next: ({ data, error }) => {
            if (error) return reject(error);
            if (!data) return;
            lastCursor = data.smsSessionEvents.cursor;
            onUpdate({ kind: 'event', event: data.smsSessionEvents });
          },
          error: reject,
          complete: () => reject(new Error('The gateway ended the subscription.')),
        });
      signal.addEventListener(
        'abort',
        () => {
          subscription.unsubscribe();
          resolve();
        },
        { once: true },
      );
    });
  } finally {
    await client.dispose();
  }
}
