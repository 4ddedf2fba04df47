/**
 * The GWS REST surface. Every request needs Basic credentials; the HTTP session (JSESSIONID) and,
 * with CSRF on, its token are checked before routing. Routes:
 *   GET  /api/v2/me
 *   GET  /api/v2/me/smssessions                     ?fields=* or a field list for full objects
 *   GET  /api/v2/me/smssessions/{id}                HTML 404 unless singleSessionGet (dialect)
 *   GET  /api/v2/me/smssessions/{id}/messages       ?startIndex=&count=
 *   POST /api/v2/me/smssessions/{id}                {"operationName": …, …parameters}
 *   POST /api/v2/smssessions/{id}                   the same (the Invite page's sample URL)
 *   POST /api/v2/me                                 Start/EndContactCenterSession
 *   GET  /api/v2/me/channels                        ?fields=* for full objects
 *   POST /api/v2/me/channels/{channel}              {"operationName": "Ready" | "NotReady", …reason}
 *   GET  /api/v2/settings/agent-states              the states a desktop can set, with reasons
 *   GET  /api/v2/contacts, /contacts/{id}, /users/{id}, /queues, /queues/{id}   (directory-api.ts)
 * A trailing slash and the documentation's `smsessions` spelling are tolerated; anything else is
 * a 404 with statusCode 6.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type {
  WireChannelsResponse,
  WireMeResponse,
  WireMessagesResponse,
  WireSmsSession,
  WireSmsSessionListResponse,
  WireSmsSessionResponse,
  WireSmsSessionUrisResponse,
} from '../src/gws/wire.js';
import type { GwsDialect } from './dialect.js';
import {
  answerDirectory,
  directoryRoute,
  type DirectoryApiContext,
  type DirectoryRoute,
} from './directory-api.js';
import type { DemoAgent } from './directory.js';
import type { AgentNotification, SessionEvents } from './events.js';
import {
  BodyTooLargeError,
  parseJson,
  readBody,
  rejection,
  sendEnvelope,
  sendJson,
  sendText,
  StatusCode,
} from './http-io.js';
import {
  csrfRefused,
  CSRF_TOKEN_HEADER,
  hasValidCsrfToken,
  isStateChanging,
  type HttpSession,
  type HttpSessions,
} from './http-sessions.js';
import { runOperation, sessionNotFound } from './operations.js';
import type { Presence } from './presence.js';
import type { WireRenderer } from './render.js';
import type { RecordedRequest } from './request-log.js';
import { agentTranscript, type SessionStore } from './sessions.js';

export interface RestApiContext {
  readonly store: SessionStore;
  readonly events: SessionEvents;
  readonly render: WireRenderer;
  readonly httpSessions: HttpSessions;
  readonly csrf: boolean;
  /** Hands an accepted operation's notifications to the notification service. */
  readonly publish: (notifications: AgentNotification[]) => void;
  readonly presence: Presence;
  readonly dialect: () => GwsDialect;
  readonly directory: DirectoryApiContext;
}

export function notAuthenticated(response: ServerResponse): void {
  sendEnvelope(response, rejection(StatusCode.notAuthenticated, 'Not authenticated'), {
    'WWW-Authenticate': 'Basic realm="GWS simulator"',
  });
}

type Route =
  | { kind: 'me' }
  | { kind: 'sessions' }
  | { kind: 'session'; sessionId: string }
  | { kind: 'messages'; sessionId: string }
  | { kind: 'operation'; sessionId: string }
  | { kind: 'agentOperation' }
  | { kind: 'channels' }
  | { kind: 'channelOperation'; channel: string }
  | { kind: 'agentStates' }
  | { kind: 'directory'; route: DirectoryRoute };

interface Exchange {
  readonly agent: DemoAgent;
  readonly httpSession: HttpSession;
  readonly query: URLSearchParams;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** Set-Cookie and CSRF headers every reply to this request carries. */
  readonly headers: OutgoingHttpHeaders;
  readonly entry: RecordedRequest;
}

export async function handleRestRequest(
  context: RestApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  entry: RecordedRequest,
): Promise<void> {
  const agent = context.httpSessions.authenticate(request.headers.authorization);
  if (!agent) return notAuthenticated(response);
  entry.userName = agent.userName;

  let httpSession = context.httpSessions.find(request.headers.cookie, agent);
  if (context.csrf && isStateChanging(request.method) && !hasValidCsrfToken(request, httpSession)) {
    return csrfRefused(response);
  }
  const headers: OutgoingHttpHeaders = {};
  if (!httpSession) {
    httpSession = context.httpSessions.create(agent);
    headers['Set-Cookie'] = httpSession.cookie();
  }
  if (context.csrf && request.method === 'GET') {
    headers['X-CSRF-HEADER'] = CSRF_TOKEN_HEADER;
    headers[CSRF_TOKEN_HEADER] = httpSession.csrfToken;
  }

  const route = routeOf(request.method, entry.path);
  const query = new URLSearchParams(entry.query);
  const exchange: Exchange = { agent, httpSession, query, request, response, headers, entry };
  switch (route?.kind) {
    case 'me':
      return sendEnvelope<WireMeResponse>(
        response,
        { statusCode: 0, user: context.render.user(agent) },
        headers,
      );
    case 'sessions':
      return listSessions(context, exchange);
    case 'session':
      return getSession(context, exchange, route.sessionId);
    case 'messages':
      return getMessages(context, exchange, route.sessionId);
    case 'operation':
      return postOperation(context, exchange, route.sessionId);
    case 'agentOperation':
      return postAgentOperation(context, exchange);
    case 'channels':
      return listChannels(context, exchange);
    case 'channelOperation':
      return postChannelOperation(context, exchange, route.channel);
    case 'agentStates':
      return sendEnvelope(
        response,
        { statusCode: 0, settings: context.presence.agentStateSettings() },
        headers,
      );
    case 'directory':
      return sendEnvelope(
        response,
        answerDirectory(context.directory, route.route, query),
        headers,
      );
    case undefined:
      return sendEnvelope(response, rejection(StatusCode.notFound, 'Resource not found'), headers);
  }
}

function routeOf(method: string | undefined, rawPath: string): Route | undefined {
  const segments = pathSegments(rawPath);
  if (!segments) return undefined;
  const [first, second, third, fourth] = segments;
  const directory = method === 'GET' ? directoryRoute(segments) : undefined;
  if (directory) return { kind: 'directory', route: directory };
  const isSmsCollection = (segment: string | undefined) =>
    segment === 'smssessions' || segment === 'smsessions';
  if (first === 'settings' && second === 'agent-states' && segments.length === 2) {
    return method === 'GET' ? { kind: 'agentStates' } : undefined;
  }
  if (first === 'me' && second === 'channels') {
    if (method === 'GET' && segments.length === 2) return { kind: 'channels' };
    if (method === 'POST' && third !== undefined && segments.length === 3) {
      return { kind: 'channelOperation', channel: third };
    }
    return undefined;
  }
  if (method === 'POST' && first === 'me' && segments.length === 1)
    return { kind: 'agentOperation' };
  if (method === 'GET' && first === 'me') {
    if (segments.length === 1) return { kind: 'me' };
    if (!isSmsCollection(second)) return undefined;
    if (segments.length === 2) return { kind: 'sessions' };
    if (third !== undefined && segments.length === 3) return { kind: 'session', sessionId: third };
    if (third !== undefined && fourth === 'messages' && segments.length === 4) {
      return { kind: 'messages', sessionId: third };
    }
    return undefined;
  }
  if (method === 'POST' && first === 'me' && isSmsCollection(second) && segments.length === 3) {
    return third === undefined ? undefined : { kind: 'operation', sessionId: third };
  }
  if (method === 'POST' && isSmsCollection(first) && segments.length === 2) {
    return second === undefined ? undefined : { kind: 'operation', sessionId: second };
  }
  return undefined;
}

/** `/api/v2/a/b%2Fc/` → ['a', 'b/c']; undefined for paths that cannot name a resource. */
function pathSegments(rawPath: string): string[] | undefined {
  const prefix = '/api/v2/';
  if (!rawPath.startsWith(prefix)) return undefined;
  const segments = rawPath.slice(prefix.length).split('/');
  if (segments.length > 1 && segments.at(-1) === '') segments.pop();
  try {
    const decoded = segments.map((segment) => decodeURIComponent(segment));
    return decoded.every((segment) => segment !== '') ? decoded : undefined;
  } catch {
    return undefined;
  }
}

function listSessions(context: RestApiContext, exchange: Exchange): void {
  const { agent, query, response, headers } = exchange;
  const sessions = context.store.listFor(agent);
  const fields = query.get('fields');
  if (fields === null || fields === '') {
    const uris = sessions.map((session) => context.render.sessionUri(session));
    return sendEnvelope<WireSmsSessionUrisResponse>(response, { statusCode: 0, uris }, headers);
  }
  const requested = new Set(fields.split(',').map((field) => field.trim()));
  const smssessions = sessions.map((session) => {
    const full = context.render.session(session, agent);
    return requested.has('*') ? full : pick(full, requested);
  });
  sendEnvelope<WireSmsSessionListResponse>(response, { statusCode: 0, smssessions }, headers);
}

/** The requested fields of a session; `id` always comes along, as in GWS. */
function pick(session: WireSmsSession, fields: ReadonlySet<string>): WireSmsSession {
  const requested = Object.entries(session).filter(([field]) => fields.has(field));
  return { ...Object.fromEntries(requested), id: session.id };
}

/** What a servlet container answers for a path no servlet maps: not a GWS envelope. */
const UNMAPPED_PATH_PAGE = '<html><body><h1>404 Not Found</h1></body></html>';

function getSession(context: RestApiContext, exchange: Exchange, sessionId: string): void {
  const { agent, response, headers } = exchange;
  if (!context.dialect().singleSessionGet) {
    return sendText(response, 404, UNMAPPED_PATH_PAGE, 'text/html', headers);
  }
  const session = context.store.findFor(agent, sessionId);
  if (!session) return sendEnvelope(response, sessionNotFound(sessionId), headers);
  const smssession = context.render.session(session, agent);
  sendEnvelope<WireSmsSessionResponse>(response, { statusCode: 0, smssession }, headers);
}

function getMessages(context: RestApiContext, exchange: Exchange, sessionId: string): void {
  const { agent, query, response, headers } = exchange;
  // startIndex: default 1, 0 means 1. count: default 0, 0 means all (SMSGetMessages).
  const startIndex = nonNegativeInteger(query.get('startIndex'));
  const count = nonNegativeInteger(query.get('count'));
  if (startIndex === undefined || count === undefined) {
    const message = 'startIndex and count must be non-negative integers';
    return sendEnvelope(response, rejection(StatusCode.invalidInput, message), headers);
  }
  const session = context.store.findFor(agent, sessionId);
  if (!session) return sendEnvelope(response, sessionNotFound(sessionId), headers);
  const from = agentTranscript(session).filter((entry) => entry.index >= Math.max(startIndex, 1));
  const page = count === 0 ? from : from.slice(0, count);
  const messages = page.map((entry) => context.render.message(entry));
  sendEnvelope<WireMessagesResponse>(response, { statusCode: 0, messages }, headers);
}

/** A query parameter as an integer ≥ 0: absent is 0, anything but digits is undefined. */
function nonNegativeInteger(value: string | null): number | undefined {
  if (value === null || value === '') return 0;
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

async function postOperation(
  context: RestApiContext,
  exchange: Exchange,
  sessionId: string,
): Promise<void> {
  const { agent, httpSession, response, headers } = exchange;
  const body = await readOperationBody(exchange);
  if (body === undefined) return;
  const outcome = runOperation(context.store, context.events, {
    agent,
    sessionId,
    body,
    httpSession,
    dialect: context.dialect(),
  });
  sendEnvelope(response, outcome.reply, headers);
  // GWS answers first and notifies afterwards (the operations are asynchronous).
  if (outcome.notifications.length > 0) setImmediate(() => context.publish(outcome.notifications));
}

/**
 * The JSON body of an operation POST, recorded in the request log with its operationName; or
 * undefined once the refusal has been sent.
 */
async function readOperationBody(exchange: Exchange): Promise<unknown> {
  const { request, response, headers, entry } = exchange;
  let text: string;
  try {
    text = await readBody(request);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJson(response, 413, rejection(StatusCode.invalidInput, error.message), headers);
    return undefined;
  }
  const body = parseJson(text);
  if (body === undefined) {
    const refusal = rejection(StatusCode.invalidInput, 'The request body is not valid JSON');
    sendEnvelope(response, refusal, headers);
    return undefined;
  }
  entry.body = body;
  if (typeof body === 'object' && body !== null && 'operationName' in body) {
    const { operationName } = body;
    if (typeof operationName === 'string') entry.operationName = operationName;
  }
  return body;
}

/** StartContactCenterSession or EndContactCenterSession: answered at once, nothing published. */
async function postAgentOperation(context: RestApiContext, exchange: Exchange): Promise<void> {
  const { agent, httpSession, response, headers } = exchange;
  const body = await readOperationBody(exchange);
  if (body === undefined) return;
  const { reply, endsHttpSession } = context.presence.runAgentOperation(agent, body);
  sendEnvelope(response, reply, headers);
  if (endsHttpSession) context.httpSessions.invalidate(httpSession);
}

/** A state on one channel: answered at once, then notified on the agent's channels topic. */
async function postChannelOperation(
  context: RestApiContext,
  exchange: Exchange,
  channel: string,
): Promise<void> {
  const body = await readOperationBody(exchange);
  if (body === undefined) return;
  const reply = context.presence.runChannelOperation(exchange.agent, channel, body);
  sendEnvelope(exchange.response, reply, exchange.headers);
}

function listChannels(context: RestApiContext, exchange: Exchange): void {
  const { agent, query, response, headers } = exchange;
  const channels = context.presence.list(agent);
  if (!query.get('fields')) {
    const uris = channels.map((channel) => context.render.channelUri(channel.channel));
    return sendEnvelope(response, { statusCode: 0, uris }, headers);
  }
  sendEnvelope<WireChannelsResponse>(response, { statusCode: 0, channels }, headers);
}
