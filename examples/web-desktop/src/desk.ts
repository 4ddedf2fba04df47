import { CombinedGraphQLErrors } from '@apollo/client';
import type { Subscription } from 'rxjs';
import type { GatewayClient, LiveStatus } from './client.js';
import {
  AcceptSessionDocument,
  CompleteSessionDocument,
  DeskEventsDocument,
  EndShiftDocument,
  SendMessageDocument,
  SetSmsStateDocument,
  SignedInAgentDocument,
  SmsSessionsDocument,
  TranscriptDocument,
} from './documents.js';
import { el } from './dom.js';
import type {
  DeskEventsSubscription,
  SessionFieldsFragment,
  SignedInAgentQuery,
} from './gql/graphql.js';
import { author, clock, content, isShown, type Message } from './messages.js';

type Agent = SignedInAgentQuery['me'];
type Session = SessionFieldsFragment;
type DeskEvent = DeskEventsSubscription['smsSessionEvents'];

/** How far a transcript has been read from the gateway. */
type TranscriptLoad =
  { phase: 'loading' } | { phase: 'loaded' } | { phase: 'failed'; error: string };

/**
 * One session's transcript as the desk holds it: what was read and what arrived live, by index,
 * so a message read both ways is shown once, whichever came first.
 */
interface Transcript {
  messages: Map<number, Message>;
  load: TranscriptLoad;
}

/** Sessions the agent has nothing more to do with: the list leaves them out. */
const CLOSED_STATES: ReadonlySet<Session['state']> = new Set(['COMPLETED', 'REVOKED']);

/** The channel the desk works and sets presence on. */
const SMS = 'sms';

export interface DeskOptions {
  gateway: GatewayClient;
  agent: Agent;
  /** Told once the agent has logged out and the desk has let go of the gateway. */
  onLoggedOut(): void;
}

/**
 * The agent's desk: presence, the SMS sessions, the selected session's live transcript, and its
 * operations. The Apollo cache is the one source of the agent and the sessions; every tab or
 * device of the agent follows the same events, so they stay in step.
 */
export class Desk {
  readonly element: HTMLElement;
  private agent: Agent;
  private sessions: readonly Session[] = [];
  private selectedId: string | undefined;
  private readonly transcripts = new Map<string, Transcript>();
  private lastCursor: string | undefined;
  private notice: string | undefined;
  private live: LiveStatus;
  private readonly subscriptions: Subscription[] = [];

  private readonly presence = el('div', { className: 'presence' });
  private readonly liveLine = el('span', { className: 'live' });
  private readonly noticeLine = el('p', { className: 'notice', attrs: { role: 'alert' } });
  private readonly sessionList = el('ul', {
    className: 'sessions',
    attrs: { 'aria-label': 'Sessions' },
  });
  private readonly sessionHead = el('div', { className: 'session-head' });
  private readonly transcriptList = el('ol', {
    className: 'transcript',
    attrs: { 'aria-label': 'Transcript' },
  });
  private readonly composerText = el('input', {
    type: 'text',
    placeholder: 'Write to the customer',
    attrs: { 'aria-label': 'Message' },
  });
  private readonly composer = el(
    'form',
    { className: 'composer', onsubmit: (event: SubmitEvent) => this.send(event) },
    this.composerText,
    el('button', { type: 'submit' }, 'Send'),
  );
  private readonly sessionPanel = el(
    'section',
    { className: 'session' },
    this.sessionHead,
    this.transcriptList,
    this.composer,
  );

  constructor(private readonly options: DeskOptions) {
    this.agent = options.agent;
    this.live = { phase: 'connected', transport: options.gateway.transport };
    this.element = el(
      'div',
      { className: 'desk' },
      el(
        'header',
        {},
        el('strong', { className: 'agent' }, agentName(this.agent)),
        this.presence,
        this.liveLine,
        el('button', { className: 'logout', onclick: () => void this.logOut() }, 'Log out'),
      ),
      this.noticeLine,
      el('main', {}, el('nav', {}, el('h2', {}, 'Sessions'), this.sessionList), this.sessionPanel),
    );
  }

  /** Follows the agent, their sessions and the live events until the agent logs out. */
  start(): void {
    const { apollo } = this.options.gateway;
    this.subscriptions.push(
      apollo.watchQuery({ query: SignedInAgentDocument }).subscribe((result) => {
        if (result.dataState !== 'complete') return;
        this.agent = result.data.me;
        this.render();
      }),
      apollo.watchQuery({ query: SmsSessionsDocument }).subscribe((result) => {
        if (result.dataState !== 'complete') return;
        this.sessions = result.data.smsSessions;
        this.render();
      }),
      apollo
        .subscribe({
          query: DeskEventsDocument,
          context: { resume: { variable: 'after', lastCursor: () => this.lastCursor } },
        })
        .subscribe({
          next: ({ data, error }) => {
            if (error) return this.fail(error);
            if (data) this.receive(data.smsSessionEvents);
          },
          error: (error: unknown) => this.fail(error),
        }),
    );
    this.render();
  }

  /** Told by the gateway client whenever the live connection changes. */
  setLive(status: LiveStatus): void {
    this.live = status;
    this.render();
  }

  private receive(event: DeskEvent): void {
    this.lastCursor = event.cursor;
    switch (event.__typename) {
      case 'SmsSessionUpdated':
        // The cache has taken the session's new state; a session the list lacks is a new one.
        if (!this.sessions.some((session) => session.id === event.sessionId)) {
          void this.options.gateway.apollo.refetchQueries({ include: [SmsSessionsDocument] });
        }
        // A snapshot stands for events the gateway could not replay: read the transcript again.
        if (event.notificationType === 'RESYNC' && this.transcripts.has(event.sessionId)) {
          void this.readTranscript(event.sessionId);
        }
        break;
      case 'SmsMessagesAdded': {
        const transcript = this.transcripts.get(event.sessionId);
        for (const message of transcript ? event.messages : []) {
          transcript?.messages.set(message.index, message);
        }
        break;
      }
      case 'SmsOperationFailed':
        this.notice = `An operation failed: ${event.errorMessage}`;
        break;
    }
    this.render();
  }

  private select(id: string): void {
    this.selectedId = id;
    if (!this.transcripts.has(id)) void this.readTranscript(id);
    this.render();
  }

  private async readTranscript(id: string): Promise<void> {
    const transcript = this.transcripts.get(id) ?? {
      messages: new Map(),
      load: { phase: 'loading' },
    };
    transcript.load = { phase: 'loading' };
    this.transcripts.set(id, transcript);
    try {
      const { data } = await this.options.gateway.apollo.query({
        query: TranscriptDocument,
        variables: { id },
        fetchPolicy: 'network-only',
      });
      for (const message of data?.smsSession?.messages ?? []) {
        transcript.messages.set(message.index, message);
      }
      transcript.load = { phase: 'loaded' };
    } catch (error) {
      transcript.load = { phase: 'failed', error: describeError(error) };
    }
    this.render();
  }

  private selected(): Session | undefined {
    return this.sessions.find(
      (session) => session.id === this.selectedId && !CLOSED_STATES.has(session.state),
    );
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const session = this.selected();
    const text = this.composerText.value.trim();
    if (!session || text === '') return;
    const sent = await this.run(
      this.options.gateway.apollo.mutate({
        mutation: SendMessageDocument,
        variables: { id: session.id, text },
      }),
    );
    if (sent) this.composerText.value = '';
  }

  private accept(session: Session): void {
    const nickname = this.agent.firstName ?? this.agent.userName ?? this.agent.id;
    void this.run(
      this.options.gateway.apollo.mutate({
        mutation: AcceptSessionDocument,
        variables: { id: session.id, nickname },
      }),
    );
  }

  private complete(session: Session): void {
    void this.run(
      this.options.gateway.apollo.mutate({
        mutation: CompleteSessionDocument,
        variables: { id: session.id },
      }),
    );
  }

  private setPresence(state: 'READY' | 'NOT_READY'): void {
    void this.run(
      this.options.gateway.apollo.mutate({
        mutation: SetSmsStateDocument,
        variables: { state },
        // AgentChannel has no id of its own: the agent's channels are read again.
        refetchQueries: [SignedInAgentDocument],
      }),
    );
  }

  private async logOut(): Promise<void> {
    const ended = await this.run(
      this.options.gateway.apollo.mutate({ mutation: EndShiftDocument }),
    );
    if (!ended) return;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.options.gateway.dispose();
    this.options.onLoggedOut();
  }

  /** Runs an operation; a refusal becomes the desk's notice. Resolves whether it went through. */
  private async run(operation: Promise<unknown>): Promise<boolean> {
    try {
      await operation;
      this.notice = undefined;
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private fail(error: unknown): void {
    this.notice = describeError(error);
    this.render();
  }

  private render(): void {
    this.renderPresence();
    this.liveLine.textContent =
      this.live.phase === 'connected'
        ? `Live over ${this.live.transport}`
        : `Reconnecting (${this.live.transport})…`;
    this.liveLine.className = `live ${this.live.phase}`;
    this.noticeLine.textContent = this.notice ?? '';
    this.noticeLine.hidden = this.notice === undefined;
    this.renderSessions();
    this.renderSession();
  }

  private renderPresence(): void {
    const sms = this.agent.channels.find((channel) => channel.channel === SMS);
    const state = sms?.state ?? 'LOGGED_OUT';
    this.presence.replaceChildren(
      el(
        'span',
        { className: `state ${state.toLowerCase()}`, attrs: { 'aria-label': 'Presence' } },
        `SMS: ${sms?.displayName ?? state}`,
      ),
      el(
        'button',
        { disabled: state === 'READY', onclick: () => this.setPresence('READY') },
        'Ready',
      ),
      el(
        'button',
        { disabled: state === 'NOT_READY', onclick: () => this.setPresence('NOT_READY') },
        'Not Ready',
      ),
    );
  }

  private renderSessions(): void {
    const open = this.sessions.filter((session) => !CLOSED_STATES.has(session.state));
    this.sessionList.replaceChildren(
      ...open.map((session) =>
        el(
          'li',
          {},
          el(
            'button',
            {
              className: session.id === this.selectedId ? 'selected' : '',
              attrs: { 'aria-pressed': String(session.id === this.selectedId) },
              onclick: () => this.select(session.id),
            },
            el('span', { className: 'customer' }, customerName(session)),
            el('span', { className: `badge ${session.state.toLowerCase()}` }, session.state),
          ),
        ),
      ),
    );
    if (open.length === 0) this.sessionList.append(el('li', { className: 'empty' }, 'No sessions'));
  }

  private renderSession(): void {
    const session = this.selected();
    this.sessionPanel.hidden = session === undefined;
    if (!session) return;
    const can = new Set(session.capabilities);
    this.sessionHead.replaceChildren(
      el('h2', {}, customerName(session)),
      el('span', { className: `badge ${session.state.toLowerCase()}` }, session.state),
      el(
        'ul',
        { className: 'participants', attrs: { 'aria-label': 'Participants' } },
        ...session.participants.map((participant) =>
          el(
            'li',
            { className: participant.type.toLowerCase() },
            participant.nickname ?? participant.type,
          ),
        ),
      ),
      el(
        'div',
        { className: 'actions' },
        can.has('ACCEPT') && el('button', { onclick: () => this.accept(session) }, 'Accept'),
        can.has('COMPLETE') && el('button', { onclick: () => this.complete(session) }, 'Complete'),
      ),
    );
    this.composer.hidden = !can.has('SEND_MESSAGE');
    this.renderTranscript(session.id);
  }

  private renderTranscript(id: string): void {
    const transcript = this.transcripts.get(id);
    const atBottom =
      this.transcriptList.scrollTop + this.transcriptList.clientHeight >=
      this.transcriptList.scrollHeight - 4;
    const messages = [...(transcript?.messages.values() ?? [])]
      .filter(isShown)
      .sort((a, b) => a.index - b.index);
    const status =
      transcript?.load.phase === 'loading'
        ? el('li', { className: 'status' }, 'Reading the transcript…')
        : transcript?.load.phase === 'failed'
          ? el(
              'li',
              { className: 'status' },
              `The transcript could not be read: ${transcript.load.error}`,
            )
          : undefined;
    this.transcriptList.replaceChildren(
      ...(status ? [status] : []),
      ...messages.map((message) =>
        el(
          'li',
          {
            className: `message ${message.type.toLowerCase()} ${message.from?.type.toLowerCase() ?? 'system'}`,
          },
          el('span', { className: 'time' }, clock(message.timestamp)),
          el('span', { className: 'from' }, author(message)),
          el('span', { className: 'text' }, content(message)),
        ),
      ),
    );
    if (atBottom) this.transcriptList.scrollTop = this.transcriptList.scrollHeight;
  }
}

function agentName(agent: Agent): string {
  const name = [agent.firstName, agent.lastName].filter(Boolean).join(' ');
  return name === '' ? (agent.userName ?? agent.id) : name;
}

function customerName(session: Session): string {
  const customer = session.participants.find((participant) => participant.type === 'CUSTOMER');
  return customer?.nickname ?? `Session ${session.id}`;
}

/** A gateway refusal as its code and message; anything else as its message. */
export function describeError(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors
      .map((entry) => {
        const code = entry.extensions?.code;
        return typeof code === 'string' ? `${code}: ${entry.message}` : entry.message;
      })
      .join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
