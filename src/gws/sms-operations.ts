import type { CallOptions, SessionRequest } from './agent-session.js';
import { isNameRefusal } from './answers.js';
import { sessionCookie, sessionName } from './cookie-jar.js';
import type { LearnedDialect } from './dialect.js';
import { GwsError } from './errors.js';
import { ExpiringMap } from './expiring-map.js';
import { smsSessionPath } from './paths.js';
import type { UpstreamSessionSharing, UpstreamSessionState } from './shared-session.js';
import type { UpstreamResponse } from './transport.js';
import { assertSessionId } from './validate.js';
import type {
  SmsOperationName,
  WireOperationRequest,
  WireOperationResponse,
  WireSmsSession,
} from './wire.js';

/**
 * How long a sent SMS operation's referenceId is remembered, and how many are, so that an Error
 * naming nothing but the referenceId can be tied to its session. GWS reports within seconds; the
 * bound keeps a flood of operations from growing an agent's session.
 */
const PENDING_OPERATION_TTL_MS = 5 * 60_000;
const MAX_PENDING_OPERATIONS = 256;

/** GWS's answer to an SMS operation, and the upstream HTTP session it was sent in. */
export interface SmsOperationReply extends WireOperationResponse {
  /**
   * The upstream HTTP session the request went in ({@link AgentSession.upstreamSession}):
   * GWS numbers referenceIds per HTTP session, so only notifications of this one can carry the
   * request's.
   */
  upstreamSession: string | undefined;
}

/** What sending SMS operations takes of the agent's upstream session (its AgentSession). */
export interface OperationSession {
  /** The name of the agent's own upstream HTTP session now ({@link AgentSession.upstreamSession}). */
  upstreamSession(): string | undefined;
  /** The agent, read first, so that a refused credential sends nothing. */
  me(options: CallOptions): Promise<unknown>;
  getSmsSession(id: string, options: CallOptions): Promise<WireSmsSession | null>;
  /** A request in the agent's own upstream HTTP session. */
  exchange(request: SessionRequest): Promise<UpstreamResponse>;
  /** A request in the upstream HTTP session another process shares, with the agent's credential. */
  exchangeShared(request: SessionRequest, shared: UpstreamSessionState): Promise<UpstreamResponse>;
  /** GWS's answer, read; a refusal throws its GwsError, a refused credential told first. */
  interpret(response: UpstreamResponse): WireOperationResponse;
}

/**
 * An agent's SMS session operations, sent so that what GWS later says of them reaches the agent's
 * stream and can be tied back to them: in the spelling this GWS takes, in the upstream HTTP
 * session that carries the stream (another process's, in a cluster), and remembered by the
 * referenceId GWS numbers them with, which is all a bare Error names.
 */
export class SmsOperations {
  /** SMS session ids by `{upstream session} {referenceId}` of the operations sent lately. */
  private readonly pending = new ExpiringMap<string>(MAX_PENDING_OPERATIONS);

  constructor(
    private readonly session: OperationSession,
    /** What is known of this GWS's dialect, shared with every agent's session with it. */
    private readonly dialect: LearnedDialect,
    /** The agent's part in sharing its upstream session with other processes, in cluster mode. */
    private readonly sharing: UpstreamSessionSharing | undefined,
  ) {}

  /**
   * Starts an operation on a session. GWS answers at once; the outcome follows on CometD. An
   * operation GWS's pages spell two ways is sent as the session's capabilities advertise it (or as
   * GWS took it before), and once more in the other spelling if GWS refuses the name.
   */
  async post(
    id: string,
    request: WireOperationRequest<SmsOperationName>,
    options: CallOptions,
  ): Promise<SmsOperationReply> {
    assertSessionId(id);
    const path = smsSessionPath(id);
    const operation = request.operationName;
    const advertised = this.dialect.needsAdvertised(operation)
      ? await this.capabilitiesOf(id, options)
      : undefined;
    const spellings = this.dialect.spellingsToTry(operation, advertised);
    let refusal: GwsError | undefined;
    for (const spelling of spellings) {
      const body = spelling === operation ? request : { ...request, operationName: spelling };
      const { response, upstreamSession, shared } = await this.route(path, body, options);
      let reply: WireOperationResponse;
      try {
        reply = this.session.interpret(response);
      } catch (error) {
        if (!isNameRefusal(error)) throw error;
        refusal ??= error;
        continue;
      }
      this.dialect.learnSpelling(operation, spelling);
      const { referenceId } = reply;
      if (referenceId !== undefined && Number.isSafeInteger(referenceId)) {
        const key = `${upstreamSession ?? ''} ${referenceId}`;
        this.pending.set(key, id, Date.now() + PENDING_OPERATION_TTL_MS);
        if (shared) this.sharing?.recordOperation(upstreamSession, referenceId, id);
      }
      return { ...reply, upstreamSession };
    }
    throw refusal as GwsError;
  }

  /**
   * The SMS session of the operation the agent's current upstream HTTP session numbered
   * `referenceId`, if this process sent it lately.
   */
  pendingSession(referenceId: number): string | undefined {
    const key = `${this.session.upstreamSession() ?? ''} ${referenceId}`;
    return this.pending.get(key, Date.now());
  }

  /**
   * The SMS session of an operation another process sent in this upstream HTTP session, numbered
   * `referenceId`; undefined in one process, or when none did.
   */
  sharedSession(referenceId: number): Promise<string | undefined> {
    return this.sharing?.operationSession(this.session.upstreamSession(), referenceId) ?? noSession;
  }

  /**
   * An SMS operation's POST, in the upstream session that carries the agent's stream: this one's
   * when it does, or when no other process shares one; else the one another process shares, so
   * that GWS's notifications of it reach the stream wherever it is. A shared session GWS refuses
   * (gone, or its token stale) changed nothing: the agent's own session takes the request then.
   */
  private async route(
    path: string,
    body: unknown,
    { signal }: CallOptions,
  ): Promise<{ response: UpstreamResponse; upstreamSession: string | undefined; shared: boolean }> {
    await this.session.me({ signal });
    const shared = await this.sharing?.operationState();
    if (shared) {
      const request = { method: 'POST', path, body, signal } as const;
      const response = await this.session.exchangeShared(request, shared);
      if (response.status !== 401 && response.status !== 403) {
        // A JSESSIONID GWS set with the answer names the session that took the request.
        const renamed = sessionCookie(response.setCookies);
        const upstreamSession =
          renamed === undefined ? shared.upstreamSession : sessionName(renamed);
        return { response, upstreamSession, shared: true };
      }
    }
    const response = await this.session.exchange({ method: 'POST', path, body, signal });
    // Read after the answer: a JSESSIONID GWS set with it names the session that took it.
    return { response, upstreamSession: this.session.upstreamSession(), shared: false };
  }

  /** The names of the session's capabilities; undefined when they cannot be read. */
  private async capabilitiesOf(id: string, options: CallOptions): Promise<string[] | undefined> {
    try {
      const capabilities = (await this.session.getSmsSession(id, options))?.capabilities;
      return Array.isArray(capabilities) ? capabilities : undefined;
    } catch (error) {
      if (error instanceof GwsError && error.kind === 'cancelled') throw error;
      return undefined;
    }
  }
}

const noSession: Promise<undefined> = Promise.resolve(undefined);
