/**
 * Composes the simulator: one HTTP server for GWS's REST API, its CometD notifications and the
 * control API, over one set of sessions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireMessage } from '../src/gws/wire.js';
import { ContactCentre, SimulatorControlError, type SessionOffer } from './contact-centre.js';
import { CONTROL_PREFIX, handleControlRequest } from './control-api.js';
import { DEFAULT_DEMO_INTERVAL_MS, startDemoScenario } from './demo-scenario.js';
import {
  DEFAULT_DIALECT,
  InvalidDialectError,
  patchedDialect,
  type GwsDialect,
} from './dialect.js';
import { agentByUserName, DEMO_AGENTS, loadAgents, type DemoAgent } from './directory.js';
import { SessionEvents } from './events.js';
import { rejection, sendEnvelope, StatusCode } from './http-io.js';
import { HttpSessions } from './http-sessions.js';
import {
  DEFAULT_SMS_CHANNEL,
  NOTIFICATIONS_PATH,
  NotificationService,
  type NotificationStats,
} from './notifications.js';
import { AGENT_CHANNELS_CHANNEL, Presence, SMS_CHANNEL_NAME } from './presence.js';
import { WireRenderer } from './render.js';
import { RequestLog, type RecordedRequest } from './request-log.js';
import { handleRestRequest, type RestApiContext } from './rest-api.js';
import { seedSessions } from './seed.js';
import { SessionStore } from './sessions.js';

export interface SimulatorOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Whether state-changing requests need the CSRF token (GWS's enableCsrfProtection). Default true. */
  csrf?: boolean;
  /** Simulated customers keep writing in the demo agents' sessions. Default false. */
  demoScenario?: boolean;
  /** How often a demo customer writes. Default 5000. */
  demoIntervalMs?: number;
  /**
   * Extra agents for load tests, `load1` … `loadN` (password `demo`, auto-answering), beside the
   * demo agents. Default 0, at most MAX_LOAD_AGENTS.
   */
  loadAgents?: number;
  /** Receives one line per event worth telling; never passwords or message text. */
  log?: (line: string) => void;
  /**
   * The CometD channel of SMS session notifications; GWS documents none. Default
   * `/v2/me/smssessions`, the name the other media's channels point to.
   */
  smsChannel?: string;
  /**
   * The switches to play other than DEFAULT_DIALECT's, where GWS's documentation leaves a
   * question open (see GwsDialect).
   * @throws InvalidDialectError (from startSimulator) for an unknown switch or a bad value.
   */
  dialect?: Partial<GwsDialect>;
}

export interface Simulator {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  readonly url: string;
  /** The demo agents, then the load agents. */
  readonly agents: readonly DemoAgent[];
  /** Every /api/ request received, in order of arrival. */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Every HTTP session's CSRF token becomes invalid; the next GET hands out a fresh one. */
  expireCsrfTokens(): void;
  /**
   * Every /api/ answer waits this long first (to test timeouts).
   * @throws SimulatorControlError unless ms is an integer from 0 to MAX_RESPONSE_DELAY_MS.
   */
  setResponseDelay(ms: number): void;
  /**
   * The next `count` /api/ requests are recorded, then their connection is reset (TCP RST) with
   * no answer, as when GWS drops a kept-alive connection under a request.
   * @throws SimulatorControlError unless count is an integer from 0 to MAX_CONNECTION_RESETS.
   */
  resetNextConnections(count: number): void;
  /**
   * Routing offers a new inbound SMS session to an agent (state Invited, a StatusChange
   * notification), or an agent with auto-answer joins it at once; returns the session id. An
   * agent not Ready on the sms channel is offered it once they are.
   * @throws SimulatorControlError for an unknown agent or an unusable nickname or text.
   */
  offerSession(offer: SessionOffer): string;
  /**
   * The session's customer sends an SMS: NewMessages to the agents in the conversation.
   * @throws SimulatorControlError for an unknown session, a bad text, or a departed customer.
   */
  sendCustomerMessage(sessionId: string, text: string): void;
  /**
   * A customer or agent leaves: a ParticipantLeft message, then ParticipantsUpdated. An agent
   * moves on as after their own Leave (LeftChat, or Completed in a conference).
   * @throws SimulatorControlError for an unknown session or participant.
   */
  participantLeaves(sessionId: string, participantId: string): void;
  /**
   * The session's customer leaves, as participantLeaves does with the customer's participantId.
   * @throws SimulatorControlError for an unknown session, or a customer who has left already.
   */
  customerLeaves(sessionId: string): void;
  /**
   * The transcript as the customer's phone shows it (visibility All only).
   * @throws SimulatorControlError for an unknown session.
   */
  customerView(sessionId: string): WireMessage[];
  /** GWS's notification service restarts: every CometD client is forgotten. */
  restartNotifications(): void;
  /**
   * Publishes a notification of another medium (a device or chat change, …) to the agent's
   * clients subscribed to the channel; returns how many received it.
   * @throws SimulatorControlError 404 for an unknown agent, 400 for a channel that is not a plain
   *   channel name (`/v2/me/devices`; no wildcard, no meta channel).
   */
  publishNotification(userName: string, channel: string, data: Record<string, unknown>): number;
  /**
   * The agent's password becomes this one: requests with the old one are refused from now on.
   * @throws SimulatorControlError 404 for an unknown agent, 400 for an empty password.
   */
  changePassword(userName: string, password: string): void;
  /** CometD handshakes, subscriptions and connected clients, per agent userName. */
  notificationStats(): NotificationStats;
  /** The whole dialect played now. */
  dialect(): GwsDialect;
  /**
   * From the next request on, plays these switches; the others stay as they are.
   * @throws SimulatorControlError 400 naming an unknown switch or a bad value; nothing changes.
   */
  setDialect(patch: Partial<GwsDialect>): void;
  /** Closes every connection, held long-polls included, then the server. */
  close(): Promise<void>;
}

export const MAX_RESPONSE_DELAY_MS = 10 * 60_000;
export const MAX_CONNECTION_RESETS = 1_000;
const MIN_DEMO_INTERVAL_MS = 100;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const demoIntervalMs = options.demoIntervalMs ?? DEFAULT_DEMO_INTERVAL_MS;
  if (!Number.isInteger(demoIntervalMs) || demoIntervalMs < MIN_DEMO_INTERVAL_MS) {
    throw new RangeError(`demoIntervalMs must be an integer of at least ${MIN_DEMO_INTERVAL_MS}`);
  }
  let dialect = patchedDialect(DEFAULT_DIALECT, options.dialect ?? {});
  const currentDialect = () => dialect;
  const agents = [...DEMO_AGENTS, ...loadAgents(options.loadAgents ?? 0)];
  const log = options.log ?? (() => undefined);
  const server = createServer();
  await listen(server, options.port ?? 0, host);
  const url = baseUrl(host, (server.address() as AddressInfo).port);

  const store = new SessionStore();
  seedSessions(store, Date.now());
  const render = new WireRenderer(url, currentDialect);
  const requestLog = new RequestLog();
  const httpSessions = new HttpSessions(agents);
  const delays = new ResponseDelays();
  let connectionsToReset = 0;
  const csrf = options.csrf ?? true;
  const events = new SessionEvents(render, currentDialect);
  const notifications = new NotificationService(
    httpSessions,
    csrf,
    plainChannel(options.smsChannel ?? DEFAULT_SMS_CHANNEL, RangeError),
    agents,
    currentDialect,
  );
  const publish = notifications.publish.bind(notifications);
  const presence = new Presence(
    agents,
    (agent, channel) => {
      if (channel === SMS_CHANNEL_NAME) contactCentre.agentReadyForSms(agent);
    },
    currentDialect,
    // GWS answers the request first and notifies afterwards.
    (agent, data) =>
      setImmediate(() => notifications.publishOther(agent, AGENT_CHANNELS_CHANNEL, data)),
  );
  const restApi: RestApiContext = {
    store,
    events,
    render,
    httpSessions,
    csrf,
    publish,
    presence,
    dialect: currentDialect,
    directory: { render, presence, agents, dialect: currentDialect },
  };
  const contactCentre = new ContactCentre(
    store,
    events,
    render,
    publish,
    (agent) => presence.isReady(agent, SMS_CHANNEL_NAME),
    agents,
    currentDialect,
  );
  const stopDemo = options.demoScenario
    ? startDemoScenario(contactCentre, demoIntervalMs, log)
    : () => undefined;

  const simulator: Simulator = {
    url,
    agents,
    requests: () => requestLog.list(),
    clearRequests: () => requestLog.clear(),
    expireCsrfTokens: () => httpSessions.expireCsrfTokens(),
    setResponseDelay: (ms) => delays.set(ms),
    resetNextConnections: (count) => {
      if (!Number.isInteger(count) || count < 0 || count > MAX_CONNECTION_RESETS) {
        throw new SimulatorControlError(
          400,
          `count must be an integer from 0 to ${MAX_CONNECTION_RESETS}`,
        );
      }
      connectionsToReset = count;
    },
    offerSession: (offer) => contactCentre.offerSession(offer),
    sendCustomerMessage: (sessionId, text) => contactCentre.customerWrites(sessionId, text),
    participantLeaves: (sessionId, participantId) =>
      contactCentre.participantLeaves(sessionId, participantId),
    customerLeaves: (sessionId) => contactCentre.customerLeaves(sessionId),
    customerView: (sessionId) => contactCentre.customerView(sessionId),
    restartNotifications: () => notifications.restart(),
    publishNotification: (userName, channel, data) => {
      const agent = agentByUserName(userName, agents);
      if (!agent) throw new SimulatorControlError(404, `no agent ${userName}`);
      const checked = plainChannel(channel, (message) => new SimulatorControlError(400, message));
      return notifications.publishOther(agent, checked, data);
    },
    changePassword: (userName, password) => {
      const agent = agentByUserName(userName, agents);
      if (!agent) throw new SimulatorControlError(404, `no agent ${userName}`);
      if (password === '') throw new SimulatorControlError(400, 'password must not be empty');
      httpSessions.changePassword(agent, password);
    },
    notificationStats: () => notifications.stats(),
    dialect: currentDialect,
    setDialect: (patch) => {
      try {
        dialect = patchedDialect(dialect, patch);
      } catch (error) {
        if (error instanceof InvalidDialectError)
          throw new SimulatorControlError(400, error.message);
        throw error;
      }
    },
    close: async () => {
      stopDemo();
      delays.cancelAll();
      notifications.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      log('GWS simulator closed');
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.url ?? '/';
    if (target.startsWith(CONTROL_PREFIX)) {
      return handleControlRequest(simulator, request, response);
    }
    if (target.startsWith('/api/')) {
      // Node joins a repeated header of a name it does not know into one string.
      const { traceparent, baggage } = request.headers as Record<string, string | undefined>;
      const entry = requestLog.record(request.method ?? 'GET', target, { traceparent, baggage });
      if (connectionsToReset > 0) {
        connectionsToReset -= 1;
        log(`${entry.method} ${entry.path}: connection reset`);
        request.socket.resetAndDestroy();
        return;
      }
      response.on('finish', () => log(`${entry.method} ${entry.path} ${response.statusCode}`));
      if (!(await delays.wait())) return;
      const path = entry.path.replace(/\/$/, '');
      if (path === NOTIFICATIONS_PATH || path.startsWith(`${NOTIFICATIONS_PATH}/`)) {
        // CometD clients append the message type (`/handshake`, `/connect`, …) to the URL.
        return notifications.handle(request, response, entry);
      }
      return handleRestRequest(restApi, request, response, entry);
    }
    sendEnvelope(response, rejection(StatusCode.notFound, 'Resource not found'));
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      log(`internal error on ${request.method ?? ''} ${request.url ?? ''}: ${String(error)}`);
      if (!response.headersSent)
        sendEnvelope(response, rejection(StatusCode.internalError, 'Internal error'));
      else response.destroy();
    });
  });
  log(`GWS simulator listening on ${url}`);
  return simulator;
}

/** The configurable wait before every /api/ answer. */
class ResponseDelays {
  private delayMs = 0;
  private readonly pending = new Map<NodeJS.Timeout, (proceed: boolean) => void>();

  set(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_RESPONSE_DELAY_MS) {
      throw new SimulatorControlError(
        400,
        `ms must be an integer from 0 to ${MAX_RESPONSE_DELAY_MS}`,
      );
    }
    this.delayMs = ms;
  }

  /** @returns false when the simulator closed during the wait: the request is dropped. */
  wait(): Promise<boolean> {
    if (this.delayMs === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, this.delayMs);
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.pending.clear();
  }
}

const PLAIN_CHANNEL = /^(\/[A-Za-z0-9_.-]+)+$/;

/** A channel a notification can be published on: no wildcard, not a meta or service channel. */
function plainChannel(channel: string, error: (message: string) => Error): string {
  if (!PLAIN_CHANNEL.test(channel) || /^\/(meta|service)(\/|$)/.test(channel)) {
    throw error(`${JSON.stringify(channel)} is not a channel to publish on`);
  }
  return channel;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The URL clients use; a wildcard bind address is reached through loopback. */
function baseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
