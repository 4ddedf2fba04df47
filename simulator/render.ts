/** Renders the simulator's records as GWS API v2 JSON (reference §2, §5.3). */
import type { WireMessage, WireParticipant, WireSmsSession, WireUser } from '../src/gws/wire.js';
import type { GwsDialect } from './dialect.js';
import { userPath, type DemoAgent } from './directory.js';
import type { Participant, SmsSessionRecord, TranscriptEntry } from './sessions.js';
import { capabilitiesFor } from './state-machine.js';

export class WireRenderer {
  /** @param baseUrl the simulator's own URL: GWS builds every `uri` from its external URL. */
  constructor(
    private readonly baseUrl: string,
    private readonly dialect: () => GwsDialect,
  ) {}

  /** The absolute URI of a resource path such as `/contacts/{id}`. */
  apiUri(path: string): string {
    return `${this.baseUrl}/api/v2${path}`;
  }

  sessionPath(session: SmsSessionRecord): string {
    return `/smssessions/${session.id}`;
  }

  sessionUri(session: SmsSessionRecord): string {
    return `${this.baseUrl}/api/v2${this.sessionPath(session)}`;
  }

  /** A channel of the agent's, as GWS lists it without `fields`. */
  channelUri(channel: string): string {
    return `${this.baseUrl}/api/v2/me/channels/${encodeURIComponent(channel)}`;
  }

  user(agent: DemoAgent): WireUser {
    return {
      id: agent.id,
      userName: agent.userName,
      firstName: agent.firstName,
      lastName: agent.lastName,
      roles: ['ROLE_AGENT'],
      enabled: true,
      uri: `${this.baseUrl}/api/v2${userPath(agent)}`,
      path: userPath(agent),
    };
  }

  /** The session as this agent sees it: state and capabilities are the agent's own. */
  session(session: SmsSessionRecord, agent: DemoAgent): WireSmsSession {
    const state = session.stateOf(agent) ?? 'Completed';
    // The Invited and Completed samples list no participants: the agent is not in the chat.
    const showsParticipants = state === 'Chatting' || state === 'LeftChat';
    return {
      id: session.id,
      state,
      uri: this.sessionUri(session),
      path: this.sessionPath(session),
      participants: showsParticipants
        ? session.participants
            .filter((participant) => participant.present)
            .map((participant) =>
              this.dialect().participantLinks === 'everywhere'
                ? { ...sessionMember(participant), ...this.userLink(participant) }
                : sessionMember(participant),
            )
        : [],
      capabilities: [...capabilitiesFor(state, session.inConference())],
      userData: { ...session.userData },
    };
  }

  message(entry: TranscriptEntry): WireMessage {
    return {
      index: entry.index,
      type: entry.type,
      from: this.sender(entry.from),
      visibility: entry.visibility,
      ...(entry.text === undefined ? {} : { text: entry.text }),
      ...(entry.url === undefined ? {} : { url: entry.url }),
      ...(entry.noticeText === undefined ? {} : { noticeText: entry.noticeText }),
      timestamp: gwsTimestamp(entry.timestampMs),
      timestampSeconds: entry.timestampMs,
    };
  }

  /** A message's `from`: agents carry their user uri and path (GetMessages sample). */
  private sender(participant: Participant): WireParticipant {
    return {
      participantId: participant.participantId,
      nickname: participant.nickname,
      type: participant.type,
      ...this.userLink(participant),
      visibility: participant.visibility,
    };
  }

  /** An agent's user uri and path; nothing for a customer or an external party. */
  private userLink(participant: Participant): Pick<WireParticipant, 'uri' | 'path'> {
    const agent = participant.agent;
    return agent ? { uri: this.apiUri(userPath(agent)), path: userPath(agent) } : {};
  }
}

/** A session's `participants` entry, exactly the three fields of the samples (participantLinks). */
function sessionMember(participant: Participant): WireParticipant {
  return {
    participantId: participant.participantId,
    nickname: participant.nickname,
    type: participant.type,
  };
}

/** GWS's `yyyy-MM-dd HH:mm:ss.SSSZ`, rendered in UTC. */
function gwsTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '+0000');
}
