import { isUnservedPath, listOf, malformed, readAnswer, withLegacySuccess } from './answers.js';
import { CookieJar, HTTP_SESSION_COOKIE, sessionName } from './cookie-jar.js';
import type { LearnedDialect } from './dialect.js';
import { GwsError } from './errors.js';
import {
  assertDirectoryId,
  contactPage,
  contactsQuery,
  singleEntry,
  type ContactPage,
  type ContactQuery,
} from './directory.js';
import {
  AGENT_STATES_PATH,
  channelPath,
  CHANNELS_PATH,
  CONTACTS_PATH,
  directoryEntryPath,
  ME_PATH,
  QUEUES_PATH,
  SMS_SESSIONS_PATH,
  smsSessionPath,
  USERS_PATH,
} from './paths.js';
import {
  UpstreamSessionSharing,
  type AgentSessionShare,
  type UpstreamSessionState,
} from './shared-session.js';
import { SmsOperations, type SmsOperationReply } from './sms-operations.js';
import { unlessCancelled, untilCancelled } from './cancellation.js';
import {
  isCsrfRejection,
  promised,
  type RequestDone,
  type UpstreamRequest,
  type UpstreamResponse,
  type UpstreamTransport,
} from './transport.js';
import { assertChannelName, assertMessagePaging, assertSessionId } from './validate.js';
import type {
  AgentSessionOperationName,
  ChannelOperationName,
  SmsOperationName,
  WireAgentStateSetting,
  WireAgentStatesResponse,
  WireChannel,
  WireChannelsResponse,
  WireChannelStateRequest,
  WireContact,
  WireContactResponse,
  WireContactsResponse,
  WireEnvelope,
  WireMeResponse,
  WireMessage,
  WireMessagesResponse,
  WireOperationRequest,
  WireQueue,
  WireQueuesResponse,
  WireSmsSession,
  WireSmsSessionListResponse,
  WireSmsSessionResponse,
  WireUser,
  WireUserResponse,
} from './wire.js';

interface CsrfToken {
  headerName: string;
  token: string;
}

/** What a caller may give every call. */
export interface CallOptions {
  /** Aborts the call (GwsError `cancelled`) when the caller goes away. */
  signal?: AbortSignal | undefined;
}

/** A request in the agent's upstream HTTP session: the session supplies the headers. */
export type SessionRequest = Omit<UpstreamRequest, 'headers'>;

/** What an agent's session shares with the others of its GWS client. */
export interface AgentSessionSurroundings {
  /** What is known of this GWS's dialect, shared with every agent's session with it. */
  dialect: LearnedDialect;
  /** Where the agent's upstream session is shared with other processes; none in one process. */
  share?: AgentSessionShare | undefined;
  /** Told of a share that failed: the session goes on alone meanwhile. */
  shareFailed?: (what: string, error: unknown) => void;
}

export interface AgentSessionLifecycle {
  /**
   * Before each GET /api/v2/me: may refuse it (GwsError), so nothing is sent upstream. Default:
   * every sign-in is admitted.
   */
  signingIn?(session: AgentSession): Promise<void>;
  /** GWS accepted the credential (GET /api/v2/me answered). */
  verified(session: AgentSession): void;
  /** GWS refused the credential: the session must not be reused. */
  rejected(session: AgentSession): void;
}

/**
 * One agent's upstream HTTP session with GWS: the agent's own credentials, cookie jar (JSESSIONID),
 * CSRF token and identity. Created for one `Authorization` value and never shared with another.
 */
export class AgentSession {
  private readonly cookies = new CookieJar();
  /** The upstream HTTP session's name as last computed, and the cookie value it names. */
  private sessionName: { cookie: string; name: string } | undefined;
  private readonly dialect: LearnedDialect;
  /** The agent's part in sharing its upstream session with other processes, in cluster mode. */
  private readonly sharing: UpstreamSessionSharing | undefined;
  /** Made on the first SMS operation: most agents' sessions never send one. */
  private smsOperations: SmsOperations | undefined;
  private csrf: CsrfToken | undefined;
  private user: WireUser | undefined;
  /** The GET /api/v2/me in flight, so a burst of first requests authenticates once. */
  private identifying: Promise<WireUser> | undefined;

  constructor(
    /** A keyed hash of the credential: safe to log, equal for equal credentials. */
    readonly key: string,
    private readonly authorization: string,
    private readonly transport: UpstreamTransport,
    /** Told when GWS first accepts the credential, and whenever it refuses it. */
    private readonly lifecycle: AgentSessionLifecycle,
    { dialect, share, shareFailed = () => undefined }: AgentSessionSurroundings,
  ) {
    this.dialect = dialect;
    this.sharing = share && new UpstreamSessionSharing(share, () => this.state(), shareFailed);
  }

  /** The agent's stream in this session is subscribed: its requests' notifications come here. */
  streamConnected(): void {
    this.sharing?.streamConnected();
  }

  /** The agent's stream in this session is not subscribed any more. */
  streamDisconnected(): void {
    this.sharing?.streamDisconnected();
  }

  /** Shares the session again, before its share expires, while the stream is subscribed. */
  refreshShare(): void {
    this.sharing?.changed(true);
  }

  /**
   * An opaque name of the upstream HTTP session GWS keeps for this agent (a hash of its
   * JSESSIONID, which itself never leaves this object), or undefined while GWS has handed out
   * none. GWS numbers referenceIds per HTTP session.
   */
  get upstreamSession(): string | undefined {
    const cookie = this.cookies.get(HTTP_SESSION_COOKIE);
    if (cookie === undefined) return undefined;
    if (this.sessionName?.cookie !== cookie) {
      this.sessionName = { cookie, name: sessionName(cookie) };
    }
    return this.sessionName.name;
  }

  /**
   * The SMS session of the operation this agent's current upstream HTTP session numbered
   * `referenceId`, if this process sent it lately.
   */
  pendingOperationSession(referenceId: number): string | undefined {
    return this.smsOperations?.pendingSession(referenceId);
  }

  /**
   * The SMS session of an operation another process sent in this upstream HTTP session, numbered
   * `referenceId`; undefined in one process, or when none did.
   */
  sharedOperationSession(referenceId: number): Promise<string | undefined> {
    return this.operations.sharedSession(referenceId);
  }

  private get operations(): SmsOperations {
    this.smsOperations ??= new SmsOperations(
      {
        upstreamSession: () => this.upstreamSession,
        me: (options) => this.me(options),
        getSmsSession: (id, options) => this.getSmsSession(id, options),
        exchange: (request) => this.exchange(request),
        exchangeShared: (request, { cookie, csrf }) =>
          this.transport.request({
            ...request,
            headers: this.identityHeaders(cookie, csrf),
            agent: this.key,
          }),
        interpret: (response) => this.interpret(response),
      },
      this.dialect,
      this.sharing,
    );
    return this.smsOperations;
  }

  /** What lets another process send requests in this upstream HTTP session. */
  private state(): UpstreamSessionState | undefined {
    const cookie = this.cookies.header();
    return cookie === undefined
      ? undefined
      : { cookie, csrf: this.csrf, upstreamSession: this.upstreamSession };
  }

  /**
   * The agent as GWS knows it; read once per upstream session. A caller that goes away stops
   * waiting; the read goes on for the others.
   */
  me({ signal }: CallOptions = {}): Promise<WireUser> {
    if (this.user) return Promise.resolve(this.user);
    this.identifying ??= this.identify().finally(() => {
      this.identifying = undefined;
    });
    return unlessCancelled(this.identifying, signal);
  }

  async listSmsSessions(options: CallOptions = {}): Promise<WireSmsSession[]> {
    const body = await this.get<WireSmsSessionListResponse & { smsessions?: WireSmsSession[] }>(
      SMS_SESSIONS_PATH,
      { fields: '*' },
      options,
    );
    return listOf(body.smssessions ?? body.smsessions, 'session');
  }

  /**
   * The session, or null when GWS does not know it for this agent. GWS documents no single-session
   * GET: where it does not serve one (a 404 or 405 that is no GWS answer), the session is taken
   * from the agent's list, and once GWS has shown that, the list is read straight away.
   */
  async getSmsSession(id: string, options: CallOptions = {}): Promise<WireSmsSession | null> {
    assertSessionId(id);
    if (this.dialect.singleSessionGet === 'not_served') return this.findListed(id, options);
    await this.me(options);
    const response = await this.send({
      method: 'GET',
      path: smsSessionPath(id),
      signal: options.signal,
    });
    if (isUnservedPath(response)) {
      const listed = await this.findListed(id, options);
      // A 404 may also be a servlet's answer for a session it does not know: only a session the
      // list holds shows that the GET itself is not served.
      if (response.status === 405 || listed) this.dialect.learnSingleSessionGet('not_served');
      return listed;
    }
    try {
      const body = this.interpret<WireSmsSessionResponse & { smsession?: WireSmsSession }>(
        response,
      );
      this.dialect.learnSingleSessionGet('served');
      const session = body.smssession ?? body.smsession;
      if (!session || typeof session !== 'object') throw malformed('no smssession in the answer');
      return session;
    } catch (error) {
      if (error instanceof GwsError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  /** Whether a session is best read with a GET of its own (true) or from the list (false). */
  get readsSessionsSingly(): boolean {
    return this.dialect.singleSessionGet !== 'not_served';
  }

  private async findListed(id: string, options: CallOptions): Promise<WireSmsSession | null> {
    const sessions = await this.listSmsSessions(options);
    return sessions.find((session) => session.id === id) ?? null;
  }

  async getSmsMessages(
    id: string,
    paging: { startIndex?: number; count?: number } = {},
    options: CallOptions = {},
  ): Promise<WireMessage[]> {
    assertSessionId(id);
    assertMessagePaging(paging.startIndex, paging.count);
    const query: Record<string, string> = {};
    if (paging.startIndex !== undefined) query.startIndex = String(paging.startIndex);
    if (paging.count !== undefined) query.count = String(paging.count);
    const body = await this.get<WireMessagesResponse>(
      `${smsSessionPath(id)}/messages`,
      query,
      options,
    );
    return listOf(body.messages, 'message');
  }

  /**
   * Starts an operation on a session. GWS answers at once; the outcome follows on CometD. See
   * {@link SmsOperations.post}.
   */
  postSmsOperation(
    id: string,
    request: WireOperationRequest<SmsOperationName>,
    options: CallOptions = {},
  ): Promise<SmsOperationReply> {
    return this.operations.post(id, request, options);
  }

  /** The agent's channels and its state on each. */
  async listChannels(options: CallOptions = {}): Promise<WireChannel[]> {
    const body = await this.get<WireChannelsResponse>(CHANNELS_PATH, { fields: '*' }, options);
    return listOf(body.channels, 'channel');
  }

  /**
   * The agent states the contact centre configures. The list's key is not documented: `settings`
   * (what clients read) or, tolerated, `agentStates`.
   */
  async listAgentStates(options: CallOptions = {}): Promise<WireAgentStateSetting[]> {
    const body = await this.get<
      WireAgentStatesResponse & { agentStates?: WireAgentStateSetting[] }
    >(AGENT_STATES_PATH, undefined, options);
    return listOf(body.settings ?? body.agentStates, 'agent state');
  }

  /** One page of the contacts that match (`GET /api/v2/contacts`). */
  async listContacts(query: ContactQuery, options: CallOptions = {}): Promise<ContactPage> {
    const parameters = contactsQuery(query);
    const body = await this.get<WireContactsResponse>(CONTACTS_PATH, parameters, options);
    return contactPage(body, query);
  }

  /** The contact, or null when GWS does not know it (`GET /api/v2/contacts/{id}`). */
  async getContact(id: string, options: CallOptions = {}): Promise<WireContact | null> {
    assertDirectoryId('contactId', id);
    const body = await this.getEntry<WireContactResponse>(CONTACTS_PATH, id, options);
    return body && singleEntry(body.contact, 'contact');
  }

  /** The user, or null when GWS does not know it (`GET /api/v2/users/{id}`). */
  async getUser(id: string, options: CallOptions = {}): Promise<WireUser | null> {
    assertDirectoryId('userId', id);
    const body = await this.getEntry<WireUserResponse>(USERS_PATH, id, options);
    return body && singleEntry(body.user, 'user');
  }

  /** The queues (`GET /api/v2/queues?fields=*`). */
  async listQueues(options: CallOptions = {}): Promise<WireQueue[]> {
    const body = await this.get<WireQueuesResponse>(QUEUES_PATH, { fields: '*' }, options);
    return listOf(body.queues, 'queue').filter(
      (queue): queue is WireQueue =>
        typeof queue === 'object' && queue !== null && typeof queue.id === 'string',
    );
  }

  /** A directory entry's singular GET; null for statusCode 6, or a 404 that is no GWS answer. */
  private async getEntry<T extends WireEnvelope>(
    collection: typeof CONTACTS_PATH | typeof USERS_PATH,
    id: string,
    { signal }: CallOptions,
  ): Promise<T | null> {
    await this.me({ signal });
    const response = await this.send({
      method: 'GET',
      path: directoryEntryPath(collection, id),
      query: { fields: '*' },
      signal,
    });
    if (response.status === 404 && isUnservedPath(response)) return null;
    try {
      return this.interpret<T>(response);
    } catch (error) {
      if (error instanceof GwsError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  /** Starts or ends the agent's contact-centre session (`POST /api/v2/me`). */
  async postAgentOperation(
    request: WireOperationRequest<AgentSessionOperationName>,
    options: CallOptions = {},
  ): Promise<WireEnvelope> {
    const reply = this.interpret<WireEnvelope>(await this.post(ME_PATH, request, options));
    if (request.operationName === 'EndContactCenterSession') {
      // GWS invalidates the HTTP session with it (the 8.5.0 Presence page): the next request
      // starts a new one instead of meeting a refusal of the old cookie and CSRF token.
      this.cookies.clear();
      this.csrf = undefined;
      this.user = undefined;
    }
    return reply;
  }

  /**
   * Sets the agent's state on one channel (`POST /api/v2/me/channels/{channel}`): Ready or
   * NotReady, or what a state of the agent-states settings names.
   */
  async postChannelOperation(
    channel: string,
    request: WireOperationRequest<ChannelOperationName> | WireChannelStateRequest,
    options: CallOptions = {},
  ): Promise<WireEnvelope> {
    assertChannelName(channel);
    const answer = await this.post(channelPath(channel), request, options);
    return this.interpret<WireEnvelope>(withLegacySuccess(answer));
  }

  /**
   * One request in this agent's upstream HTTP session, REST or notification stream alike: it
   * carries the agent's credential, cookies and CSRF token, and keeps the cookies and token GWS
   * answers with. A POST GWS refuses for a stale CSRF token (the upstream HTTP session expired or
   * rotated its token) is sent once more after learning a fresh one.
   */
  exchange(request: SessionRequest): Promise<UpstreamResponse> {
    return promised((done) => this.exchangeThen(request, done));
  }

  /**
   * {@link exchange} with its end told to `done`: while GWS holds the request (a long-poll), the
   * session keeps no suspended function of it.
   */
  exchangeThen(request: SessionRequest, done: RequestDone): void {
    this.sendThen(request, (error, response) => {
      if (!response || request.method !== 'POST' || !isCsrfRejection(response)) {
        done(error, response);
        return;
      }
      const { signal, canceller } = request;
      const refreshed = this.refreshCsrf(signal);
      (canceller ? untilCancelled(refreshed, canceller) : refreshed).then(
        () => this.sendThen(request, done),
        (refusal: unknown) => done(refusal),
      );
    });
  }

  /** Headers that carry this agent's upstream identity. */
  upstreamHeaders(): Record<string, string> {
    return this.identityHeaders(this.cookies.header(), this.csrf);
  }

  /** The agent's credential, with the cookies and CSRF token of an upstream HTTP session. */
  private identityHeaders(
    cookie: string | undefined,
    csrf: CsrfToken | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = { authorization: this.authorization };
    if (cookie) headers.cookie = cookie;
    if (csrf) headers[csrf.headerName] = csrf.token;
    return headers;
  }

  /**
   * Learns a fresh CSRF token with one GET /api/v2/me after GWS refused the cached one (HTTP 403
   * "Missing or invalid Csrf token"); concurrent refusals share that one GET.
   */
  private async refreshCsrf(signal: AbortSignal | undefined): Promise<void> {
    this.csrf = undefined;
    this.user = undefined;
    await this.me({ signal });
  }

  private async identify(): Promise<WireUser> {
    await this.lifecycle.signingIn?.(this);
    const body = await this.interpret<WireMeResponse>(
      await this.send({ method: 'GET', path: ME_PATH }),
    );
    if (!body.user || typeof body.user.id !== 'string') throw malformed('no user in the answer');
    this.user = body.user;
    this.lifecycle.verified(this);
    return body.user;
  }

  /** A POST in the agent's identity (read first, so a refused credential sends nothing). */
  private async post(
    path: string,
    body: unknown,
    { signal }: CallOptions,
  ): Promise<UpstreamResponse> {
    await this.me({ signal });
    return this.exchange({ method: 'POST', path, body, signal });
  }

  private async get<T extends WireEnvelope>(
    path: string,
    query: Record<string, string> | undefined,
    { signal }: CallOptions,
  ): Promise<T> {
    await this.me({ signal });
    return this.interpret<T>(await this.send({ method: 'GET', path, query, signal }));
  }

  private send(request: SessionRequest): Promise<UpstreamResponse> {
    return promised((done) => this.sendThen(request, done));
  }

  /** One request in the session: the cookies and CSRF token GWS answers with are kept. */
  private sendThen(request: SessionRequest, done: RequestDone): void {
    const headers = this.upstreamHeaders();
    this.transport.send({ ...request, headers, agent: this.key }, (error, response) => {
      if (response) this.received(response);
      done(error, response);
    });
  }

  private received(response: UpstreamResponse): void {
    this.cookies.store(response.setCookies);
    const headerName = response.headers.get('x-csrf-header');
    const token = headerName ? response.headers.get(headerName) : null;
    if (headerName && token) this.csrf = { headerName, token };
    this.sharing?.changed();
  }

  private interpret<T extends WireEnvelope>(response: UpstreamResponse): T {
    return readAnswer<T>(response, () => this.rejectCredential());
  }

  /** GWS refused this credential (here or on the notification stream): the session is not reused. */
  credentialRejected(): void {
    this.lifecycle.rejected(this);
  }

  private rejectCredential(): never {
    this.credentialRejected();
    throw new GwsError('unauthenticated', 'GWS did not accept the credentials.', 20);
  }
}
