import { cancelledError } from '../gws/index.js';
import { SmsOperationOutcome, SmsSessionState } from '../generated/graphql.js';
import type { SmsSessionEventModel } from './events.js';
import { SILENCE, type Effect, type SmsOperationRequest } from './outcome-rules.js';
import { SMS_OPERATIONS } from './sms-operations.js';

/**
 * How the gateway learns what became of an operation GWS accepted. GWS answers the POST at once and
 * reports later on CometD: an Error with the operation's referenceId means FAILED; the notification
 * that carries the referenceId, or else the operation's documented effect on the session, means
 * CONFIRMED. CancelConsult and SetInFocus succeed in silence: no Error within the quiet window means
 * CONFIRMED. Each operation's rule is in its entry of `SMS_OPERATIONS`.
 */

/** The agent's events from before the operation is sent until its outcome is known. */
export interface AgentEventWatch {
  /** True once every event GWS publishes from now on reaches `events`. */
  readonly ready: Promise<boolean>;
  readonly events: AsyncIterator<SmsSessionEventModel>;
  close(): void;
}

export interface OutcomeQuestion {
  sessionId: string;
  request: SmsOperationRequest;
  /** From GWS's answer to the POST; some answers leave it out. */
  referenceId: number | undefined;
  /** The upstream HTTP session the POST went in, whose sequence `referenceId` belongs to. */
  upstreamSession: string | undefined;
  /** Epoch milliseconds after which the outcome is TIMED_OUT. */
  deadline: number;
  /** How long silence must last to confirm an operation GWS confirms with silence. */
  quietWindowMs: number;
}

export interface Outcome {
  outcome: SmsOperationOutcome;
  errorMessage: string | null;
}

/**
 * Reads the watched events until one tells the operation's outcome, or time is up. Silence confirms
 * only what was watched: when the watch was not connected, or ended before the quiet window did,
 * the outcome is TIMED_OUT.
 * @throws GwsError `cancelled` as soon as `signal` aborts: the client that asked has gone.
 */
export async function awaitOutcome(
  watch: { events: AsyncIterator<SmsSessionEventModel>; connected: boolean },
  question: OutcomeQuestion,
  signal?: AbortSignal,
): Promise<Outcome> {
  const rule = SMS_OPERATIONS[question.request.operationName].outcome;
  const silent = rule === SILENCE;
  const until = silent
    ? Math.min(question.deadline, Date.now() + question.quietWindowMs)
    : question.deadline;
  for (;;) {
    const next = await beforeDeadline(watch.events.next(), until, undefined, signal);
    if (signal?.aborted) throw cancelledError();
    if (!next || next.done) {
      const watchedThroughout = watch.connected && !next;
      return {
        outcome:
          silent && watchedThroughout
            ? SmsOperationOutcome.Confirmed
            : SmsOperationOutcome.TimedOut,
        errorMessage: null,
      };
    }
    const outcome = judge(next.value, question, silent ? undefined : rule);
    if (outcome) return outcome;
  }
}

/**
 * With a referenceId from GWS, an event carrying it decides; an event carrying none (GWS leaves it
 * off some transcript notifications) may confirm by the documented effect. Without one, only the
 * documented effect and Errors on the session count. referenceIds count per upstream HTTP
 * session, so one decides only when it comes from the session the POST went in, and an Error must
 * also be about this SMS session, or about none named. A session GWS could not join the agent to
 * (JoinFailed) fails the operation that led there.
 */
function judge(
  event: SmsSessionEventModel,
  { sessionId, request, referenceId, upstreamSession }: OutcomeQuestion,
  effect: Effect | undefined,
): Outcome | undefined {
  const numbered =
    referenceId !== undefined &&
    event.referenceId !== null &&
    sameUpstreamSession(event.upstreamSession, upstreamSession);
  if (event.kind === 'SmsOperationFailed') {
    const aboutThisSession = event.sessionId === sessionId || event.sessionId === '';
    const ours = numbered
      ? aboutThisSession && event.referenceId === referenceId
      : referenceId === undefined && event.sessionId === sessionId;
    return ours
      ? { outcome: SmsOperationOutcome.Failed, errorMessage: event.errorMessage }
      : undefined;
  }
  if (event.sessionId !== sessionId) return undefined;
  const decided = numbered
    ? event.referenceId === referenceId
    : effect !== undefined && (effect(event, request) || joinFailed(event, request));
  if (!decided) return undefined;
  return joinFailed(event, request)
    ? { outcome: SmsOperationOutcome.Failed, errorMessage: JOIN_FAILED_MESSAGE }
    : { outcome: SmsOperationOutcome.Confirmed, errorMessage: null };
}

const JOIN_FAILED_MESSAGE = 'GWS could not join the agent to the session (JoinFailed).';

/** The session is JoinFailed for the agent after an Accept (the only way there GWS shows). */
function joinFailed(event: SmsSessionEventModel, request: SmsOperationRequest): boolean {
  return (
    request.operationName === 'Accept' &&
    event.kind === 'SmsSessionUpdated' &&
    event.session.state === SmsSessionState.JoinFailed
  );
}

/**
 * Whether two notifications' referenceIds count in one sequence: the same upstream HTTP session,
 * or one of them of a GWS that keeps no HTTP session (nothing to tell them apart by).
 */
function sameUpstreamSession(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/**
 * What `promise` resolves to, or `fallback` when `deadline` (epoch ms) passes first or `signal`
 * aborts.
 */
export async function beforeDeadline<T, F>(
  promise: Promise<T>,
  deadline: number,
  fallback: F,
  signal?: AbortSignal,
): Promise<T | F> {
  const remaining = deadline - Date.now();
  if (remaining <= 0 || signal?.aborted) return fallback;
  let timer: NodeJS.Timeout | undefined;
  let giveUp = () => {};
  const givenUp = new Promise<F>((resolve) => {
    giveUp = () => resolve(fallback);
    timer = setTimeout(giveUp, remaining);
    signal?.addEventListener('abort', giveUp, { once: true });
  });
  try {
    return await Promise.race([promise, givenUp]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', giveUp);
  }
}
