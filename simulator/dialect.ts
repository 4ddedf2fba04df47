/**
 * The simulator's GWS dialect: where GWS's documentation is silent or contradicts itself, one
 * switch per open question, so that each plausible answer can be played and a client's guess
 * becomes a test. Each switch cites the sections of the GWS reference that leave it open. The
 * default of each is the simulator's best reading; OPPOSITE_DIALECT flips them all at once.
 */

export interface GwsDialect {
  /**
   * How an accepted operation's asynchronous failure is published. `withSession`: a
   * `SMSsessionStateChangeMessage` with `notificationType: "Error"`, `errorMessage`, `referenceId`
   * and the `smssession`, as other media document Error under their state-change message.
   * `bare`: exactly the CancelConsult page's sample, `{notificationType, errorMessage,
   * referenceId}`, with no messageType and no session key. Default `withSession`.
   * Open because: §2.4 C (the only sample is bare; the messageType is inferred), §7.1 (clients
   * meet Errors both with the resource and without the usual messageType).
   */
  readonly errorShape: 'withSession' | 'bare';
  /**
   * `always`: every accepted operation's HTTP reply carries its `referenceId`. `asSamples`: the
   * replies of Accept, Reject and AttachUserData are `{"statusCode":0}` alone, as their pages'
   * samples show, while their notifications still carry the referenceId. Default `always`.
   * Open because: §3 "referenceId semantics" (the samples contradict each other), §1.1, §6.9.
   */
  readonly replyReferenceIds: 'always' | 'asSamples';
  /**
   * StartContactCenterSession naming an unknown channel beside known ones. `true`: the known ones
   * are logged in, and the answer is statusCode 7 naming the channels that did not start.
   * `false` (default): the whole request is refused with statusCode 10 and nothing changes.
   * Open because: §5.3 (the StartContactCenterSession page: partial failure is statusCode 7)
   * against §3 ("any error means the request did not change contact-center data"); §7.1.
   */
  readonly partialSuccess: boolean;
  /**
   * The customer leaves a session that is only offered (Invited) to an agent. `false` (default):
   * the offer is withdrawn, a StatusChange to Revoked. `true`: the offer stays; the agent's
   * Accept is answered statusCode 0, then the agent's state becomes `JoinFailed`, where only
   * wrap-up operations are taken.
   * Open because: §2.2 (Revoked is inferred from chat client code), §7.1 (a captured real chat
   * was in state JoinFailed, with the capabilities the simulator advertises for it).
   */
  readonly joinFailed: boolean;
  /**
   * Which of the two documented names of SetInFocus (`InFocus`) and of
   * SendStopTypingToAgentsNotification (`SendStopTypingToAgentNotification`) are taken: `both`,
   * only the `canonical` ones (SetInFocus, the plural), or only the `alternate` ones. A name not
   * taken is refused as an unknown operationName. Advertised capabilities do not change.
   * Default `both`.
   * Open because: §1.3 #13 and #23, §6.9 (each pair appears in the documentation).
   */
  readonly operationSpelling: 'both' | 'canonical' | 'alternate';
  /**
   * `true` (default): `GET /api/v2/me/smssessions/{id}` answers
   * `{"statusCode":0,"smssession":…}`. `false`: that path is unmapped and answers HTTP 404 with
   * the servlet container's HTML page; the list and `…/{id}/messages` stay served.
   * Open because: §1.4 (the single GET is inferred from the ReturnValues rule, not documented),
   * §7.1 (no client GETs a single interaction by id).
   */
  readonly singleSessionGet: boolean;
  /**
   * `false` (default): CometD requests are authenticated by Basic and/or the JSESSIONID alone.
   * `true`: with the simulator's `csrf` option on, every CometD POST also needs the HTTP
   * session's CSRF token, else HTTP 403. REST's CSRF check is the `csrf` option's either way.
   * Open because: §4.4 (CSRF on CometD is inferred), §5.2, §7.1 (one client had to add the header;
   * CometD can ride on the JSESSIONID alone).
   */
  readonly csrfOnCometd: boolean;
  /**
   * `agent` (default): every notification for an agent reaches all of their CometD clients.
   * `httpSession`: the notifications a request causes for its agent (those with its referenceId,
   * and its Error) reach only the CometD clients handshaken in the HTTP session that sent it;
   * notifications nobody's request caused for the agent still reach all of their clients.
   * Open because: §3 "referenceId semantics" (referenceIds count per HTTP or CometD session),
   * §4.4 (CometD runs in the REST calls' HTTP session).
   */
  readonly notificationScope: 'agent' | 'httpSession';
  /**
   * What names each entry of `GET /api/v2/settings/agent-states`: `id` (default) or `name`.
   * Open because: §5.3 and §7.1 (the settings are seen only in client code; no field documented).
   */
  readonly agentStateKey: 'id' | 'name';
  /**
   * How an agent state carries its reason, in the settings and in the POST that sets it (which
   * must carry it the same way, or the reason is unknown, statusCode 2): `reasonCode` (default,
   * `"reasonCode":"Lunch"`) or `reasons` (key-value pairs, `"reasons":{"ReasonCode":"Lunch"}`, as
   * the voice API sends reasons). After-call work is `workMode` either way.
   * Open because: §5.3.1 and §7.1 (a client sends "each state's operationName"; the reason
   * fields are not documented).
   */
  readonly agentStateReason: 'reasonCode' | 'reasons';
  /**
   * Which channels a `/v2/me/channels` notification lists: the `changed` ones (default) or `all`
   * of the agent's.
   * Open because: §4.2, §5.3.1 (no payload documented), §7.1 (clients read `channels[]`).
   */
  readonly channelNotificationScope: 'changed' | 'all';
  /**
   * The messageType of a `/v2/me/channels` notification: `ChannelStateChangeMessageV2` (default,
   * as client code names it) or `none` (only `channels`, as some media's notifications come).
   * Open because: §4.2, §5.3.1 (only client code names it), §7.1.
   */
  readonly channelMessageType: 'ChannelStateChangeMessageV2' | 'none';
  /**
   * `false` (default): every transcript entry is kept and served by `GET …/messages`. `true`:
   * typing notifications take a transcript index and are notified, but are not kept, so the
   * transcript served has gaps in its indices.
   * Open because: §2.3 (indices are 1-based positions, yet a client notes they are sometimes not
   * contiguous), §7.1.
   */
  readonly transcriptGaps: boolean;
  /**
   * Where an agent participant carries the link to their user (`uri`, `path` `/users/{id}`).
   * `messages` (default): only in a message's `from`, as the GetMessages sample shows; a session's
   * `participants` carry exactly participantId, nickname and type. `everywhere`: the session's
   * participants carry the link, too.
   * Open because: §2.1 (the participant table lists uri and path only for `from`; the C# client's
   * ParticipantResource has neither).
   */
  readonly participantLinks: 'messages' | 'everywhere';
  /**
   * `offsetLimit` (default): `GET /api/v2/contacts` answers the page `offset` and `limit` ask for,
   * with `totalCount` of all matches. `ignored`: it answers every match at once, whatever the
   * paging parameters say.
   * Open because: §5.4 (pagination is supported, its parameters are not named; offset and limit
   * are inferred from GWS v2's other collections).
   */
  readonly contactPaging: 'offsetLimit' | 'ignored';
}

type Switch = keyof GwsDialect;

interface SwitchValues<Value> {
  readonly values: readonly Value[];
  readonly default: Value;
  /** The variant OPPOSITE_DIALECT plays. */
  readonly opposite: Value;
}

const SWITCHES: { readonly [Name in Switch]: SwitchValues<GwsDialect[Name]> } = {
  errorShape: { values: ['withSession', 'bare'], default: 'withSession', opposite: 'bare' },
  replyReferenceIds: { values: ['always', 'asSamples'], default: 'always', opposite: 'asSamples' },
  partialSuccess: { values: [false, true], default: false, opposite: true },
  joinFailed: { values: [false, true], default: false, opposite: true },
  // `alternate` rather than `canonical`: the spellings a client is least likely to send.
  operationSpelling: {
    values: ['both', 'canonical', 'alternate'],
    default: 'both',
    opposite: 'alternate',
  },
  singleSessionGet: { values: [true, false], default: true, opposite: false },
  csrfOnCometd: { values: [false, true], default: false, opposite: true },
  notificationScope: {
    values: ['agent', 'httpSession'],
    default: 'agent',
    opposite: 'httpSession',
  },
  agentStateKey: { values: ['id', 'name'], default: 'id', opposite: 'name' },
  agentStateReason: {
    values: ['reasonCode', 'reasons'],
    default: 'reasonCode',
    opposite: 'reasons',
  },
  channelNotificationScope: { values: ['changed', 'all'], default: 'changed', opposite: 'all' },
  channelMessageType: {
    values: ['ChannelStateChangeMessageV2', 'none'],
    default: 'ChannelStateChangeMessageV2',
    opposite: 'none',
  },
  transcriptGaps: { values: [false, true], default: false, opposite: true },
  participantLinks: {
    values: ['messages', 'everywhere'],
    default: 'messages',
    opposite: 'everywhere',
  },
  contactPaging: {
    values: ['offsetLimit', 'ignored'],
    default: 'offsetLimit',
    opposite: 'ignored',
  },
};

const SWITCH_NAMES = Object.keys(SWITCHES) as Switch[];

function dialectOf(variant: 'default' | 'opposite'): GwsDialect {
  const entries = SWITCH_NAMES.map((name) => [name, SWITCHES[name][variant]]);
  return Object.freeze(Object.fromEntries(entries) as GwsDialect);
}

/** What the simulator plays unless told otherwise. */
export const DEFAULT_DIALECT: GwsDialect = dialectOf('default');

/** Every switch at its non-default variant. */
export const OPPOSITE_DIALECT: GwsDialect = dialectOf('opposite');

/** A dialect, or part of one, that names an unknown switch or gives a switch a value it lacks. */
export class InvalidDialectError extends RangeError {
  override readonly name = 'InvalidDialectError';
}

/**
 * Checks a partial dialect from outside (an option, the control API's JSON, an environment
 * variable): a JSON object of known switches with allowed values.
 * @throws InvalidDialectError naming the first bad key or value.
 */
export function checkedDialectPatch(patch: unknown): Partial<GwsDialect> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new InvalidDialectError('the dialect must be a JSON object of switches');
  }
  for (const [name, value] of Object.entries(patch)) {
    if (!Object.hasOwn(SWITCHES, name)) {
      throw new InvalidDialectError(
        `unknown dialect switch ${JSON.stringify(name)}; the switches are ${SWITCH_NAMES.join(', ')}`,
      );
    }
    const { values } = SWITCHES[name as Switch] as SwitchValues<unknown>;
    if (!values.includes(value)) {
      const allowed = values.map((candidate) => JSON.stringify(candidate)).join(', ');
      throw new InvalidDialectError(
        `dialect switch ${name} must be one of ${allowed}; got ${JSON.stringify(value)}`,
      );
    }
  }
  return patch as Partial<GwsDialect>;
}

/** `current` with the switches `patch` names changed; `patch` is checked first. */
export function patchedDialect(current: GwsDialect, patch: unknown): GwsDialect {
  return Object.freeze({ ...current, ...checkedDialectPatch(patch) });
}
