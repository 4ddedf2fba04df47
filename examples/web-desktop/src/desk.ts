import { CombinedGraphQLErrors } from '@apollo/client';
import type { Subscription } from 'rxjs';
import type { GatewayClient, LiveStatus } from './client.js';
import {
  AcceptSessionDocument,
  AgentChannelEventsDocument,
  AgentStatesDocument,
  CompleteSessionDocument,
  DeskEventsDocument,
  EndShiftDocument,
  SendMessageDocument,
  SetSmsStateDocument,
  SignedInAgentDocument,
  SmsSessionsDocument,
  TranscriptPageDocument,
} from './documents.js';
import { el } from './dom.js';
import type {
  AgentStatesQuery,
  ChannelFieldsFragment,
  DeskEventsSubscription,
  SessionFieldsFragment,
  SignedInAgentQuery,
} from './gql/graphql.js';
import { author, clock, content, isShown, type Message } from './messages.js';
import { Picker } from './picker.js';

type Agent = SignedInAgentQuery['me'];
type AgentState = AgentStatesQuery['agentStates'][number];
type Channel = ChannelFieldsFragment;
type Session = SessionFieldsFragment;
type DeskEvent = DeskEventsSubscription['smsSessionEvents'];

/** How far the transcript's last page has been read from the gateway. */
type LatestPage = { phase: 'loading' } | { phase: 'loaded' } | { phase: 'failed'; error: string };

/** The transcript before what the desk holds: pages back, read one at a time on request. */
type OlderPages =
  /** The last page has not been read yet. */
  | { phase: 'unknown' }
  | { phase: 'none' }
  | { phase: 'available'; before: string }
  | { phase: 'loading'; before: string }
  | { phase: 'failed'; before: string; error: string };

/**
 * One session's transcript as the desk holds it: the pages read and what arrived live, by index,
 * so a message read both ways is shown once, whichever came first.
 */
interface Transcript {
  messages: Map<number, Message>;
  latest: LatestPage;
  older: OlderPages;
}

/** How many messages a page of the transcript holds. */
const PAGE_SIZE = 20;

/** The states an agent sets on a channel here; the others are GWS's to set. */
const SETTABLE_STATES: ReadonlySet<AgentState['state']> = new Set(['READY', 'NOT_READY']);

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
  private agentStates: readonly AgentState[] = [];
  private sessions: readonly Session[] = [];
  private selectedId: string | undefined;
  private readonly transcripts = new Map<string, Transcript>();
  private lastCursor: string | undefined;
  /** The session whose transcript the list shows. */
  private transcriptShown: string | undefined;
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
  private readonly picker: Picker;
  private readonly sessionPanel: HTMLElement;

  constructor(private readonly options: DeskOptions) {
    this.agent = options.agent;
    this.picker = new Picker({
      apollo: options.gateway.apollo,
      run: (operation) => this.run(operation),
      describeError,
    });
    this.sessionPanel = el(
      'section',
      { className: 'session' },
      this.sessionHead,
      this.transcriptList,
      this.composer,
      this.picker.element,
    );
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
        if (result.error) return this.fail(result.error);
        if (result.dataState !== 'complete') return;
        this.agent = result.data.me;
        this.render();
      }),
      apollo.watchQuery({ query: AgentStatesDocument }).subscribe((result) => {
        if (result.error) return this.fail(result.error);
        if (result.dataState !== 'complete') return;
        this.agentStates = result.data.agentStates;
        this.render();
      }),
      apollo.subscribe({ query: AgentChannelEventsDocument }).subscribe({
        next: ({ data, error }) => {
          if (error) return this.fail(error);
          if (data) this.receiveChannels(data.agentChannelEvents.channels);
        },
        error: (error: unknown) => this.fail(error),
      }),
      apollo.watchQuery({ query: SmsSessionsDocument }).subscribe((result) => {
        if (result.error) return this.fail(result.error);
        if (result.dataState !== 'complete') return;
        this.sessions = result.data.smsSessions;
        this.forgetClosedSessions();
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
    const reconnected = this.live.phase === 'reconnecting' && status.phase === 'connected';
    this.live = status;
    // Channel events are live only: what changed while the connection was down is read again.
    if (reconnected) {
      void this.options.gateway.apollo.refetchQueries({ include: [SignedInAgentDocument] });
    }
    this.render();
  }

  /** A channel event names the changed channels (or all): the cached agent takes them. */
  private receiveChannels(changed: readonly Channel[]): void {
    this.options.gateway.apollo.cache.updateQuery({ query: SignedInAgentDocument }, (data) => {
      if (!data) return data;
      const byName = new Map(data.me.channels.map((channel) => [channel.channel, channel]));
      for (const channel of changed) byName.set(channel.channel, channel);
      return { ...data, me: { ...data.me, channels: [...byName.values()] } };
    });
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
        if (transcript) hold(transcript, event.messages);
        break;
      }
      case 'SmsOperationFailed':
        this.notice = `An operation failed: ${event.errorMessage}`;
        break;
    }
    this.render();
  }

  /** The desk holds transcripts of open sessions only, so what it holds is bounded by them. */
  private forgetClosedSessions(): void {
    const open = new Set(
      this.sessions.filter((session) => !CLOSED_STATES.has(session.state)).map(({ id }) => id),
    );
    for (const id of this.transcripts.keys()) {
      if (!open.has(id)) this.transcripts.delete(id);
    }
  }

  private select(id: string): void {
    this.selectedId = id;
    if (!this.transcripts.has(id)) void this.readTranscript(id);
    this.render();
  }

  /** Reads the transcript's last page, which also says whether there are pages before it. */
  private async readTranscript(id: string): Promise<void> {
    const transcript: Transcript = this.transcripts.get(id) ?? {
      messages: new Map(),
      latest: { phase: 'loading' },
      older: { phase: 'unknown' },
    };
    transcript.latest = { phase: 'loading' };
    this.transcripts.set(id, transcript);
    this.render();
    try {
      const page = await this.readPage(id, undefined, 'network-only');
      // Pages already read back stay where they are: a re-read only refreshes the last one.
      if (transcript.older.phase === 'unknown') transcript.older = page.older;
      transcript.latest = { phase: 'loaded' };
      hold(transcript, page.messages);
    } catch (error) {
      transcript.latest = { phase: 'failed', error: describeError(error) };
    }
    this.render();
  }

  /** Reads the page before the earliest message held. */
  private async readOlder(id: string): Promise<void> {
    const transcript = this.transcripts.get(id);
    const older = transcript?.older;
    if (!transcript || (older?.phase !== 'available' && older?.phase !== 'failed')) return;
    transcript.older = { phase: 'loading', before: older.before };
    this.render();
    try {
      // Pages before a cursor do not change: the cache may answer.
      const page = await this.readPage(id, older.before, 'cache-first');
      transcript.older = page.older;
      hold(transcript, page.messages);
    } catch (error) {
      transcript.older = { phase: 'failed', before: older.before, error: describeError(error) };
    }
    this.render();
  }

  private async readPage(
    id: string,
    before: string | undefined,
    fetchPolicy: 'network-only' | 'cache-first',
  ): Promise<{ messages: Message[]; older: OlderPages }> {
    const { data } = await this.options.gateway.apollo.query({
      query: TranscriptPageDocument,
      variables: { id, last: PAGE_SIZE, ...(before === undefined ? {} : { before }) },
      fetchPolicy,
    });
    const page = data?.smsSession?.transcript;
    if (!page) return { messages: [], older: { phase: 'none' } };
    const { hasPreviousPage, startCursor } = page.pageInfo;
    return {
      messages: page.edges.map((edge) => edge.node),
      older:
        hasPreviousPage && startCursor
          ? { phase: 'available', before: startCursor }
          : { phase: 'none' },
    };
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

  /** Sets the agent's sms state to one of agentStates: Ready, or Not Ready with its reason. */
  private setPresence(stateId: string): void {
    const chosen = this.agentStates.find((state) => state.id === stateId);
    if (!chosen) return;
    void this.run(
      this.options.gateway.apollo.mutate({
        mutation: SetSmsStateDocument,
        variables: { state: chosen.state, reason: chosen.id },
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
    this.liveLine.textContent = liveText(this.live);
    this.liveLine.className = `live ${this.live.phase}`;
    this.noticeLine.textContent = this.notice ?? '';
    this.noticeLine.hidden = this.notice === undefined;
    this.renderSessions();
    this.renderSession();
  }

  private renderPresence(): void {
    const sms = this.agent.channels.find((channel) => channel.channel === SMS);
    const state = sms?.state ?? 'LOGGED_OUT';
    const current =
      sms?.stateId ?? this.agentStates.find((candidate) => candidate.state === state)?.id;
    const settable = this.agentStates.filter((candidate) => SETTABLE_STATES.has(candidate.state));
    const choice = el(
      'select',
      {
        disabled: settable.length === 0 || state === 'LOGGED_OUT',
        onchange: () => this.setPresence(choice.value),
        attrs: { 'aria-label': 'SMS state' },
      },
      ...settable.map((candidate) =>
        el(
          'option',
          { value: candidate.id, selected: candidate.id === current },
          candidate.displayName,
        ),
      ),
    );
    this.presence.replaceChildren(
      el(
        'span',
        { className: `state ${state.toLowerCase()}`, attrs: { 'aria-label': 'Presence' } },
        `SMS: ${sms?.displayName ?? state}`,
      ),
      choice,
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
    this.picker.show(session);
    this.renderTranscript(session.id);
  }

  private renderTranscript(id: string): void {
    const transcript = this.transcripts.get(id);
    const { scrollTop, clientHeight, scrollHeight } = this.transcriptList;
    // Another session's transcript opens at its end.
    const atBottom = id !== this.transcriptShown || scrollTop + clientHeight >= scrollHeight - 4;
    this.transcriptShown = id;
    const fromBottom = scrollHeight - scrollTop;
    const messages = [...(transcript?.messages.values() ?? [])]
      .filter(isShown)
      .sort((a, b) => a.index - b.index);
    this.transcriptList.replaceChildren(
      ...(transcript ? this.transcriptStatus(id, transcript) : []),
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
    // At the bottom it follows new messages; higher up, it stays on what the agent reads.
    this.transcriptList.scrollTop = atBottom
      ? this.transcriptList.scrollHeight
      : this.transcriptList.scrollHeight - fromBottom;
  }

  /** The lines above the messages: pages back, and how reading the transcript goes. */
  private transcriptStatus(id: string, transcript: Transcript): HTMLElement[] {
    const { older, latest } = transcript;
    const lines: HTMLElement[] = [];
    if (older.phase === 'available' || older.phase === 'failed') {
      lines.push(
        el(
          'li',
          { className: 'status' },
          older.phase === 'failed' ? `Earlier messages could not be read: ${older.error} ` : '',
          el('button', { onclick: () => void this.readOlder(id) }, 'Earlier messages'),
        ),
      );
    } else if (older.phase === 'loading') {
      lines.push(el('li', { className: 'status' }, 'Reading earlier messages…'));
    }
    if (latest.phase === 'loading') {
      lines.push(el('li', { className: 'status' }, 'Reading the transcript…'));
    } else if (latest.phase === 'failed') {
      lines.push(
        el('li', { className: 'status' }, `The transcript could not be read: ${latest.error}`),
      );
    }
    return lines;
  }
}

/** Keeps messages by index: one read twice, or read and received live, is held once. */
function hold(transcript: Transcript, messages: readonly Message[]): void {
  for (const message of messages) transcript.messages.set(message.index, message);
}

function agentName(agent: Agent): string {
  const name = [agent.firstName, agent.lastName].filter(Boolean).join(' ');
  return name === '' ? (agent.userName ?? agent.id) : name;
}

function customerName(session: Session): string {
  const customer = session.participants.find((participant) => participant.type === 'CUSTOMER');
  return customer?.nickname ?? `Session ${session.id}`;
}

function liveText(live: LiveStatus): string {
  switch (live.phase) {
    case 'connected':
      return `Live over ${live.transport}`;
    case 'reconnecting':
      return `Reconnecting (${live.transport})…`;
    case 'refused':
      return `Live updates stopped: the gateway refused the credentials (${live.transport})`;
  }
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
