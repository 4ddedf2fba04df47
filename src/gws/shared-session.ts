import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * One upstream HTTP session per agent across replicas. GWS may tell only the HTTP session that
 * sent a request what became of it (an Error, the state it caused, the referenceId it numbered),
 * and numbers referenceIds per HTTP session. So an agent's SMS operations go in the session that
 * carries the agent's notification stream, wherever that stream is: the replica holding it shares
 * the session's cookies and CSRF token, and the others send the agent's operations with them.
 * Sealed with a key only the agent's credential gives: whoever reads the store without it learns
 * nothing, and the credential itself is never stored.
 */

/**
 * Values shared between processes, each under a key with a time to live; opaque to the store. A
 * store that fails is passed over: each process then goes on with its own sessions.
 */
export interface SharedValues {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes the value only if it is still this one (another process may have replaced it). */
  deleteIf(key: string, value: string): Promise<void>;
}

/** What lets another process send requests in an upstream HTTP session. */
export interface UpstreamSessionState {
  /** The `Cookie` header. */
  cookie: string;
  /** The CSRF header's name and token, when GWS hands them out. */
  csrf: { headerName: string; token: string } | undefined;
  /** {@link AgentSession.upstreamSession} of that session. */
  upstreamSession: string | undefined;
}

/** How long a shared session stays without being shared again; the holder does so thrice as often. */
export const SHARED_SESSION_TTL_MS = 30_000;
/** How long the SMS session of an operation sent in a shared session is kept for its Error. */
const SHARED_PENDING_TTL_MS = 5 * 60_000;

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One agent's share: its sealed session state and its operations' SMS sessions, by referenceId. */
export class AgentSessionShare {
  private readonly key: Buffer;

  /**
   * @param agent the agent's name (the keyed credential hash), equal on every process.
   * @param secret the key that names agents (CLUSTER_SECRET), with the decoded credential the key
   *   of the seal.
   */
  constructor(
    private readonly values: SharedValues,
    private readonly agent: string,
    secret: Buffer,
    decodedCredential: string,
  ) {
    this.key = createHmac('sha256', secret)
      .update('upstream-session\0')
      .update(decodedCredential)
      .digest();
  }

  /** The state the agent's stream holder shares, or undefined when none is shared. */
  async read(): Promise<UpstreamSessionState | undefined> {
    const sealed = await this.values.get(this.sessionKey);
    return sealed === undefined ? undefined : this.open(sealed);
  }

  /** Shares the state for {@link SHARED_SESSION_TTL_MS}; returns what was stored, to withdraw it. */
  async publish(state: UpstreamSessionState): Promise<string> {
    const sealed = this.seal(JSON.stringify(state));
    await this.values.set(this.sessionKey, sealed, SHARED_SESSION_TTL_MS);
    return sealed;
  }

  /** Withdraws what {@link publish} stored, unless another process has shared its own since. */
  withdraw(sealed: string): Promise<void> {
    return this.values.deleteIf(this.sessionKey, sealed);
  }

  /** Tells the stream holder which SMS session the operation numbered `referenceId` acts on. */
  recordOperation(
    upstreamSession: string | undefined,
    referenceId: number,
    smsSession: string,
  ): Promise<void> {
    return this.values.set(
      this.pendingKey(upstreamSession, referenceId),
      this.seal(smsSession),
      SHARED_PENDING_TTL_MS,
    );
  }

  /** The SMS session of the operation another process sent, numbered `referenceId`. */
  async operationSession(
    upstreamSession: string | undefined,
    referenceId: number,
  ): Promise<string | undefined> {
    const sealed = await this.values.get(this.pendingKey(upstreamSession, referenceId));
    return sealed === undefined ? undefined : this.openText(sealed);
  }

  private get sessionKey(): string {
    return `session:${this.agent}`;
  }

  private pendingKey(upstreamSession: string | undefined, referenceId: number): string {
    return `pending:${this.agent}:${upstreamSession ?? ''}:${referenceId}`;
  }

  private seal(text: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The sealed text; undefined when it does not open with this agent's key. */
  private openText(sealed: string): string | undefined {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv(CIPHER, this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = bytes.subarray(IV_BYTES + TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private open(sealed: string): UpstreamSessionState | undefined {
    const text = this.openText(sealed);
    if (text === undefined) return undefined;
    try {
      const state = JSON.parse(text) as Partial<UpstreamSessionState>;
      return typeof state.cookie === 'string'
        ? { cookie: state.cookie, csrf: state.csrf, upstreamSession: state.upstreamSession }
        : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Whether this process's session of the agent carries the agent's stream, and what it shares. */
type Holding =
  | { readonly phase: 'not_holding' }
  | { readonly phase: 'holding'; shared: string | undefined; fingerprint: string };

/** When a stream holder looks again for an operation another process has yet to record. */
const LOOKUP_DELAYS_MS = [0, 100, 300, 1_000];

/**
 * One agent session's part in sharing: while its stream is subscribed it shares the session (and
 * again whenever GWS changes the cookies or token); otherwise its SMS operations go in the session
 * another process shares, if any.
 */
export class UpstreamSessionSharing {
  private holding: Holding = { phase: 'not_holding' };

  constructor(
    private readonly share: AgentSessionShare,
    /** The session's state now; undefined while GWS has handed out no cookie. */
    private readonly state: () => UpstreamSessionState | undefined,
    /** Told of a store that failed: the session goes on alone meanwhile. */
    private readonly failed: (what: string, error: unknown) => void,
  ) {}

  get holdsStream(): boolean {
    return this.holding.phase === 'holding';
  }

  streamConnected(): void {
    this.holding = { phase: 'holding', shared: undefined, fingerprint: '' };
    this.changed(true);
  }

  streamDisconnected(): void {
    const { holding } = this;
    this.holding = { phase: 'not_holding' };
    if (holding.phase === 'holding' && holding.shared !== undefined) {
      this.share.withdraw(holding.shared).catch((error: unknown) => this.failed('withdraw', error));
    }
  }

  /** Shares the state again if it changed since last shared, or in any case with `refresh`. */
  changed(refresh = false): void {
    const { holding } = this;
    if (holding.phase !== 'holding') return;
    const state = this.state();
    if (state === undefined) return;
    const fingerprint = `${state.cookie}\n${state.csrf?.token ?? ''}`;
    if (!refresh && fingerprint === holding.fingerprint) return;
    holding.fingerprint = fingerprint;
    this.share
      .publish(state)
      .then((sealed) => {
        if (this.holding === holding) holding.shared = sealed;
      })
      .catch((error: unknown) => this.failed('publish', error));
  }

  /**
   * The session to send an SMS operation in: undefined when this process holds the agent's
   * stream, when no other process shares one, or when the store cannot tell.
   */
  async operationState(): Promise<UpstreamSessionState | undefined> {
    if (this.holdsStream) return undefined;
    try {
      return await this.share.read();
    } catch (error) {
      this.failed('read', error);
      return undefined;
    }
  }

  /** Tells the holder of the agent's stream the SMS session of an operation sent in its session. */
  recordOperation(
    upstreamSession: string | undefined,
    referenceId: number,
    smsSession: string,
  ): void {
    this.share
      .recordOperation(upstreamSession, referenceId, smsSession)
      .catch((error: unknown) => this.failed('record', error));
  }

  /**
   * The SMS session of an operation another process sent in this session, looked for again a few
   * times: GWS may report the operation's Error before the sender has recorded it.
   */
  async operationSession(
    upstreamSession: string | undefined,
    referenceId: number,
  ): Promise<string | undefined> {
    for (const delayMs of LOOKUP_DELAYS_MS) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      try {
        const found = await this.share.operationSession(upstreamSession, referenceId);
        if (found !== undefined) return found;
      } catch (error) {
        this.failed('look up', error);
        return undefined;
      }
    }
    return undefined;
  }
}
