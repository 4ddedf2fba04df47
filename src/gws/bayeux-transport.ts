import { carriedInActiveSpan, inSpan, spanFailed, tracingOn } from '../telemetry/index.js';
import type { AgentSession } from './agent-session.js';
import {
  readBayeuxAnswer,
  type BayeuxAnswer,
  type BayeuxMessage,
  type BayeuxRequest,
} from './bayeux.js';
import { NOTIFICATIONS_PATH } from './paths.js';

/**
 * The HTTP side of the notification stream: each meta message is POSTed to GWS's CometD endpoint
 * in the agent's upstream HTTP session (its credential, cookies and CSRF token, as REST's), on the
 * long-poll connection pool. It never throws: a request that got no answer is an outcome too.
 */

/** What one meta message's POST came to. */
export type ExchangeOutcome =
  /** No answer: GWS unreachable, timed out, the request cancelled, or a REST call it needed refused. */
  | { readonly kind: 'failed'; readonly error: unknown }
  /** An HTTP answer that is not 2xx. */
  | { readonly kind: 'http_status'; readonly status: number }
  | BayeuxAnswer;

/**
 * Sends `request` and reads GWS's answer; the notifications that came with it are appended to
 * `notifications`. With tracing on, the exchange is a span (`CometD /meta/connect`, …) of the
 * active trace, and each notification it carried remembers it: the subscription events made of
 * a notification link to the exchange that brought it.
 * @param signal ends the request early; without it the request runs to its answer or its timeout.
 */
export function exchangeBayeux(
  session: Pick<AgentSession, 'exchange' | 'key'>,
  request: BayeuxRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  notifications: BayeuxMessage[],
): Promise<ExchangeOutcome> {
  if (!tracingOn()) return exchange(session, request, timeoutMs, signal, notifications);
  const attributes = { 'cometd.channel': request.channel, 'gws.agent': session.key };
  return inSpan(`CometD ${request.channel}`, { role: 'client', attributes }, async (span) => {
    const before = notifications.length;
    const outcome = await exchange(session, request, timeoutMs, signal, notifications);
    const carried = notifications
      .slice(before)
      .flatMap(({ data }) => (typeof data === 'object' && data !== null ? [data] : []));
    carriedInActiveSpan(carried);
    span?.setAttributes({ 'cometd.outcome': outcome.kind, 'cometd.notifications': carried.length });
    if (outcome.kind === 'reply' && outcome.reply.successful === false) {
      spanFailed(span, 'unsuccessful');
    } else if (outcome.kind !== 'reply') {
      spanFailed(span, outcome.kind);
    }
    return outcome;
  });
}

async function exchange(
  session: Pick<AgentSession, 'exchange'>,
  request: BayeuxRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  notifications: BayeuxMessage[],
): Promise<ExchangeOutcome> {
  let answer: { status: number; body: string };
  try {
    answer = await session.exchange({
      method: 'POST',
      path: NOTIFICATIONS_PATH,
      body: [request],
      timeoutMs,
      pool: 'notifications',
      signal,
    });
  } catch (error) {
    return { kind: 'failed', error };
  }
  const { status, body } = answer;
  if (status < 200 || status >= 300) return { kind: 'http_status', status };
  return readBayeuxAnswer(request, body, notifications);
}
