import { errorOf, isAdvisedReconnect, type AdvisedReconnect } from './bayeux.js';
import type { ExchangeOutcome } from './bayeux-transport.js';
import { GwsError } from './errors.js';
import { describe } from './transport.js';

/**
 * How the notification stream reacts to whatever happens to one of its steps, decided in one
 * place ({@link nextAction}) as data the stream acts on: CometD's own client's `handshake | retry |
 * none`, and `proceed` for a step that did its part.
 */

/** A step of the stream's Bayeux session with GWS. */
export type StreamStep =
  /** GET /api/v2/me (for the JSESSIONID and CSRF token), then `/meta/handshake`. */
  | { readonly step: 'handshake' }
  | { readonly step: 'subscribe'; readonly subscription: string }
  /** A long-poll. */
  | { readonly step: 'connect' };

/** Everything a step can come to. */
export type StepOutcome =
  | ExchangeOutcome
  /** Reading the agent before the handshake failed. */
  | { readonly kind: 'unidentified'; readonly error: unknown };

export type StreamAction =
  /** The step did its part: on to the next one (a handshake gave `clientId`). */
  | { readonly action: 'proceed'; readonly clientId?: string }
  /** GWS refused a long-poll but advised retrying: long-poll again in the same session, after a pause. */
  | { readonly action: 'retry'; readonly reason: string }
  /**
   * The Bayeux session is gone or unusable: handshake again after a pause and a turn (see
   * RECONNECT_POLICY). Missed notifications are the stream's caller's to recover.
   */
  | { readonly action: 'handshake'; readonly reason: string }
  /**
   * The stream ends for good: trying again would only repeat the refusal. `credentialRefused`: GWS
   * refused the agent's credential itself, which the agent's session must hear.
   */
  | { readonly action: 'none'; readonly error: GwsError; readonly credentialRefused: boolean };

const PROCEED: StreamAction = { action: 'proceed' };

/**
 * The action that follows `outcome` of `step`.
 * @param reconnect the server's reconnect advice in force, this outcome's reply's included.
 */
export function nextAction(
  step: StreamStep,
  outcome: StepOutcome,
  reconnect: AdvisedReconnect,
): StreamAction {
  const channel = `/meta/${step.step}`;
  switch (outcome.kind) {
    case 'unidentified':
      return afterCallFailed(outcome.error, 'reading the agent');
    case 'failed':
      return afterCallFailed(outcome.error, channel);
    case 'http_status': {
      const { status } = outcome;
      if (status !== 401 && status !== 403) {
        return handshake(`GWS answered ${channel} with HTTP ${status}`);
      }
      const message = `GWS refused the notification request ${channel} (HTTP ${status}).`;
      // The handshake is where GWS judges the agent; a refusal later is of a session gone stale.
      if (step.step !== 'handshake') return handshake(message);
      if (status === 403) return none(new GwsError('forbidden', message));
      return none(new GwsError('unauthenticated', message), true);
    }
    case 'unreadable':
      return handshake(`GWS answered ${channel} with no Bayeux messages`);
    case 'disconnected':
      return handshake('GWS ended the notification session');
    case 'no_reply':
      return handshake(`GWS sent no reply to ${channel}`);
    case 'reply': {
      const { reply } = outcome;
      const error = errorOf(reply);
      const because = `(${error ?? 'no reason given'})`;
      switch (step.step) {
        case 'handshake': {
          const { clientId } = reply;
          if (reply.successful === true && typeof clientId === 'string' && clientId) {
            return { action: 'proceed', clientId };
          }
          const reason = `GWS declined the notification handshake ${because}`;
          // This reply's own advice: a declined handshake says nothing unless it asks for another.
          const advised = reply.advice?.reconnect;
          if (isAdvisedReconnect(advised) && advised !== 'none') return handshake(reason);
          return none(new GwsError('unauthenticated', `${reason}.`));
        }
        case 'subscribe': {
          if (reply.successful === true) return PROCEED;
          const reason = `GWS refused the subscription to ${step.subscription} ${because}`;
          if (error?.startsWith('402') || reply.advice?.reconnect === 'handshake') {
            return handshake(reason);
          }
          return none(new GwsError('forbidden', `${reason}.`));
        }
        case 'connect': {
          if (reply.successful === true) return PROCEED;
          const reason = `GWS refused the long-poll ${because}`;
          if (reconnect === 'none') {
            return none(new GwsError('unavailable', `${reason} and advised not to retry.`));
          }
          // 402: the server does not know the client (a restarted CometD), whatever it advises.
          if (reconnect === 'handshake' || error?.startsWith('402')) return handshake(reason);
          return { action: 'retry', reason };
        }
      }
    }
  }
}

/**
 * A call that got no answer: refused credentials (a REST call the step needed) end the stream; GWS
 * being unreachable, or the stream closing, only breaks the session.
 */
function afterCallFailed(error: unknown, during: string): StreamAction {
  if (error instanceof GwsError && error.kind !== 'unavailable' && error.kind !== 'cancelled') {
    return none(error);
  }
  return handshake(`${during} failed (${describe(error)})`);
}

function handshake(reason: string): StreamAction {
  return { action: 'handshake', reason };
}

function none(error: GwsError, credentialRefused = false): StreamAction {
  return { action: 'none', error, credentialRefused };
}
