/**
 * GWS's authentication and HTTP sessions: Basic credentials on every request, a JSESSIONID
 * cookie naming the server-side session, and the session's CSRF token (reference §5).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_LOAD_AGENTS, type DemoAgent } from './directory.js';
import { sendText } from './http-io.js';

const SESSION_COOKIE = 'JSESSIONID';
/**
 * Clients that never keep cookies would otherwise grow the session table forever. Room for one
 * session per load agent beside the others: an evicted session would fail its CometD client.
 */
const MAX_HTTP_SESSIONS = 1_000 + MAX_LOAD_AGENTS;

export class HttpSession {
  /** The CSRF token: a UUID, replaced when tokens are expired. */
  csrfToken = randomUUID();
  private lastReferenceId = 0;

  constructor(
    /** The JSESSIONID value, upper-case hex like Tomcat's. */
    readonly id: string,
    readonly agent: DemoAgent,
  ) {}

  /** GWS numbers accepted asynchronous requests per session; notifications echo the number. */
  nextReferenceId(): number {
    this.lastReferenceId += 1;
    return this.lastReferenceId;
  }

  /** The `Set-Cookie` value that hands this session to the client. */
  cookie(): string {
    return `${SESSION_COOKIE}=${this.id}; Path=/; HttpOnly`;
  }
}

export class HttpSessions {
  private readonly sessions = new Map<string, HttpSession>();
  /** Passwords changed since the start; the others are the demo agents' own. */
  private readonly changedPasswords = new Map<DemoAgent, string>();

  /** Everyone who can sign in, by user name: every request is authenticated, thousands a second. */
  private readonly agentsByUserName = new Map<string, DemoAgent>();

  /** `agents`: everyone who can sign in. */
  constructor(agents: readonly DemoAgent[]) {
    for (const agent of agents) {
      if (!this.agentsByUserName.has(agent.userName))
        this.agentsByUserName.set(agent.userName, agent);
    }
  }

  /** From now on the agent signs in with this password, and with no other. */
  changePassword(agent: DemoAgent, password: string): void {
    this.changedPasswords.set(agent, password);
  }

  /** The agent an `Authorization: Basic …` header proves, or undefined. */
  authenticate(authorization: string | undefined): DemoAgent | undefined {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return undefined;
    const credentials = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = credentials.indexOf(':');
    if (colon < 0) return undefined;
    const userName = credentials.slice(0, colon);
    const password = credentials.slice(colon + 1);
    const agent = this.agentsByUserName.get(userName);
    if (!agent || (this.changedPasswords.get(agent) ?? agent.password) !== password)
      return undefined;
    return agent;
  }

  /**
   * The existing session a Cookie header names, if any; when `agent` is given, only a session of
   * that agent counts (another user's cookie is ignored, as a server-side session is per user).
   */
  find(cookieHeader: string | undefined, agent?: DemoAgent): HttpSession | undefined {
    for (const id of cookieValues(cookieHeader, SESSION_COOKIE)) {
      const session = this.sessions.get(id);
      if (session && (!agent || session.agent === agent)) return session;
    }
    return undefined;
  }

  create(agent: DemoAgent): HttpSession {
    const session = new HttpSession(randomBytes(16).toString('hex').toUpperCase(), agent);
    this.sessions.set(session.id, session);
    if (this.sessions.size > MAX_HTTP_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    return session;
  }

  /** The session ends: its cookie and token are refused from now on. */
  invalidate(session: HttpSession): void {
    this.sessions.delete(session.id);
  }

  /** Every session gets a new token: holders of an old one are refused until they GET again. */
  expireCsrfTokens(): void {
    for (const session of this.sessions.values()) session.csrfToken = randomUUID();
  }
}

const CSRF_FAILURE_TEXT = 'Missing or invalid Csrf token';
export const CSRF_TOKEN_HEADER = 'X-CSRF-TOKEN';

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export function isStateChanging(method: string | undefined): boolean {
  return STATE_CHANGING_METHODS.has(method ?? '');
}

/** Whether the request carries the HTTP session's current CSRF token. */
export function hasValidCsrfToken(
  request: IncomingMessage,
  session: HttpSession | undefined,
): boolean {
  return session !== undefined && request.headers['x-csrf-token'] === session.csrfToken;
}

export function csrfRefused(response: ServerResponse): void {
  sendText(response, 403, CSRF_FAILURE_TEXT);
}

function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
}
