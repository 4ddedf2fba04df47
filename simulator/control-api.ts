/**
 * The simulator's control API, for tests and demos (no authentication). Each route calls the
 * same method of the Simulator object that programmatic callers use.
 *   GET    /simulator/requests               → 200 [{method, path, query, userName?, operationName?}…]
 *   DELETE /simulator/requests               → 204, the request log is emptied
 *   POST   /simulator/csrf/expire            → 204, every HTTP session's CSRF token is replaced
 *   PUT    /simulator/response-delay         {"ms": N} → 204, every /api/ answer waits N ms
 *   POST   /simulator/connections/reset-next {"count": N} → 204, the next N /api/ requests are
 *                                              recorded, then their connection is reset unanswered
 *   POST   /simulator/sessions               {"userName", "customerNickname"?, "text"?}
 *                                            → 201 {"id"}: a new inbound session offered to the
 *                                              agent (joined at once if they auto-answer), once
 *                                              they are Ready on sms
 *   POST   /simulator/sessions/{id}/customer-messages                 {"text"} → 204
 *   POST   /simulator/sessions/{id}/customer-leave → 204, the customer leaves the session
 *   POST   /simulator/sessions/{id}/participants/{participantId}/leave → 204
 *   GET    /simulator/sessions/{id}/customer-view → 200 {"messages": […]}, visibility All only
 *   POST   /simulator/notifications/restart  → 204, every CometD client is forgotten
 *   PUT    /simulator/agents/{userName}/password {"password"} → 204, the old password stops working
 *   POST   /simulator/agents/{userName}/notifications {"channel", "data"} → 200 {"delivered": N}:
 *                                              a notification of another medium (devices, chats)
 *   GET    /simulator/notifications/stats    → 200 {userName: {handshakes, subscriptions,
 *                                              connectedClients}}
 *   GET    /simulator/dialect                → 200 the whole GwsDialect played now
 *   PUT    /simulator/dialect                {switch: value, …} → 204, those switches change; an
 *                                              unknown switch or a bad value is a 400 naming it,
 *                                              and nothing changes
 * Errors: {"error": "…"} with 400 (bad body or value), 404 (unknown route, session or
 * participant) or 409 (the request does not fit the session's state).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimulatorControlError } from './contact-centre.js';
import { BodyTooLargeError, parseJson, readBody, sendJson } from './http-io.js';
import type { Simulator } from './simulator.js';

export const CONTROL_PREFIX = '/simulator/';

export async function handleControlRequest(
  simulator: Simulator,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    await route(simulator, request, response);
  } catch (error) {
    if (!(error instanceof SimulatorControlError)) throw error;
    sendJson(response, error.httpStatus, { error: error.message });
  }
}

async function route(
  simulator: Simulator,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '').split('?')[0] ?? '';
  const segments = path.slice(CONTROL_PREFIX.length).split('/').filter(Boolean);
  const [resource, id, sub, participantId, action] = segments.map(decodeSegment);
  const method = request.method ?? '';
  const count = segments.length;

  if (resource === 'requests' && count === 1) {
    if (method === 'GET') return sendJson(response, 200, simulator.requests());
    if (method === 'DELETE') {
      simulator.clearRequests();
      return noContent(response);
    }
  }
  if (method === 'POST' && resource === 'csrf' && id === 'expire' && count === 2) {
    simulator.expireCsrfTokens();
    return noContent(response);
  }
  if (method === 'PUT' && resource === 'response-delay' && count === 1) {
    const { ms } = await jsonBody(request);
    if (typeof ms !== 'number') throw new SimulatorControlError(400, 'ms must be a number');
    simulator.setResponseDelay(ms);
    return noContent(response);
  }
  if (method === 'POST' && resource === 'connections' && id === 'reset-next' && count === 2) {
    const { count: resets } = await jsonBody(request);
    if (typeof resets !== 'number') throw new SimulatorControlError(400, 'count must be a number');
    simulator.resetNextConnections(resets);
    return noContent(response);
  }
  if (resource === 'notifications' && count === 2) {
    if (method === 'POST' && id === 'restart') {
      simulator.restartNotifications();
      return noContent(response);
    }
    if (method === 'GET' && id === 'stats') {
      return sendJson(response, 200, simulator.notificationStats());
    }
  }
  if (resource === 'dialect' && count === 1) {
    if (method === 'GET') return sendJson(response, 200, simulator.dialect());
    if (method === 'PUT') {
      simulator.setDialect(await jsonBody(request));
      return noContent(response);
    }
  }
  if (resource === 'agents' && id !== undefined && method === 'PUT' && sub === 'password') {
    if (count === 3) {
      simulator.changePassword(id, requiredString(await jsonBody(request), 'password'));
      return noContent(response);
    }
  }
  if (resource === 'agents' && id !== undefined && method === 'POST' && sub === 'notifications') {
    if (count === 3) {
      const body = await jsonBody(request);
      const { data } = body;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new SimulatorControlError(400, 'data must be a JSON object');
      }
      const channel = requiredString(body, 'channel');
      const delivered = simulator.publishNotification(id, channel, data as Record<string, unknown>);
      return sendJson(response, 200, { delivered });
    }
  }
  if (resource === 'sessions') {
    if (method === 'POST' && count === 1) {
      const body = await jsonBody(request);
      const userName = requiredString(body, 'userName');
      const customerNickname = optionalString(body, 'customerNickname');
      const text = optionalString(body, 'text');
      const offered = simulator.offerSession({
        userName,
        ...(customerNickname === undefined ? {} : { customerNickname }),
        ...(text === undefined ? {} : { text }),
      });
      return sendJson(response, 201, { id: offered });
    }
    if (id !== undefined && method === 'POST' && sub === 'customer-messages' && count === 3) {
      const text = requiredString(await jsonBody(request), 'text');
      simulator.sendCustomerMessage(id, text);
      return noContent(response);
    }
    if (id !== undefined && method === 'POST' && sub === 'customer-leave' && count === 3) {
      simulator.customerLeaves(id);
      return noContent(response);
    }
    if (
      id !== undefined &&
      participantId !== undefined &&
      method === 'POST' &&
      sub === 'participants' &&
      action === 'leave' &&
      count === 5
    ) {
      simulator.participantLeaves(id, participantId);
      return noContent(response);
    }
    if (id !== undefined && method === 'GET' && sub === 'customer-view' && count === 3) {
      return sendJson(response, 200, { messages: simulator.customerView(id) });
    }
  }
  throw new SimulatorControlError(404, `no control route ${method} ${path}`);
}

function noContent(response: ServerResponse): void {
  response.writeHead(204);
  response.end();
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined) throw new SimulatorControlError(400, `${name} is required`);
  return value;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || typeof value === 'string') return value;
  throw new SimulatorControlError(400, `${name} must be a string`);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SimulatorControlError(400, `bad path segment ${segment}`);
  }
}

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBody(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new SimulatorControlError(400, error.message);
    throw error;
  }
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SimulatorControlError(400, 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}
