import { carriedInActiveSpan, inSpan, spanFailed, tracingOn } from '../telemetry/index.js';
import type { AgentSession } from './agent-session.js';
import {
  readBayeuxAnswer,
  type BayeuxAnswer,
  type BayeuxMessage,
  type BayeuxRequest,
} from './bayeux.js';
import { NOTIFICATIONS_PATH } from './paths.js';
import type { RequestCanceller } from './cancellation.js';

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

/** One meta message to POST, and where the notifications that come with its answer go. */
export interface BayeuxPost {
  session: Pick<AgentSession, 'exchangeThen' | 'key'>;
  request: BayeuxRequest;
  timeoutMs: number;
  /** Ends the request early; without it the request runs to its answer or its timeout. */
  canceller: RequestCanceller | undefined;
  /** The notifications that came with the answer are appended here. */
  notifications: BayeuxMessage[];
}

/**
 * Sends the request, reads GWS's answer and tells `done` what it came to. Told in a callback, not
 * a promise: while GWS holds a long-poll, nothing of it but the request and its callbacks is kept.
 * With tracing on, the exchange is a span (`CometD /meta/connect`, …) of the active trace, and
 * each notification it carried remembers it: the subscription events made of a notification link
 * to the exchange that brought it.
 */
export function exchangeBayeux(post: BayeuxPost, done: (outcome: ExchangeOutcome) => void): void {
  if (tracingOn()) void traced(post).then(done);
  else exchange(post, done);
}

function traced(post: BayeuxPost): Promise<ExchangeOutcome> {
  const { session, request, notifications } = post;
  const attributes = { 'cometd.channel': request.channel, 'gws.agent': session.key };
  return inSpan(`CometD ${request.channel}`, { role: 'client', attributes }, async (span) => {
    const before = notifications.length;
    const outcome = await new Promise<ExchangeOutcome>((resolve) => exchange(post, resolve));
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

function exchange(
  { session, request, timeoutMs, canceller, notifications }: BayeuxPost,
  done: (outcome: ExchangeOutcome) => void,
): void {
  const posted = {
    method: 'POST',
    path: NOTIFICATIONS_PATH,
    body: [request],
    timeoutMs,
    pool: 'notifications',
    canceller,
  } as const;
  session.exchangeThen(posted, (error, answer) => {
    if (!answer) {
      done({ kind: 'failed', error });
      return;
    }
    const { status, body } = answer;
    if (status < 200 || status >= 300) done({ kind: 'http_status', status });
    else done(readBayeuxAnswer(request, body, notifications));
  });
}
