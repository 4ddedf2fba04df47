import type { DesktopUpdate, SmsSessionEvent } from './desktop.js';

type Participant = { nickname?: string | null; type: string };

function names(participants: readonly Participant[]): string {
  return participants.map((participant) => participant.nickname ?? participant.type).join(', ');
}

function describeEvent(event: SmsSessionEvent): string {
  const head = `${event.sessionId} ${event.notificationType}`;
  switch (event.__typename) {
    case 'SmsSessionUpdated':
      return `${head} ${event.session.state} [${names(event.session.participants)}]`;
    case 'SmsMessagesAdded':
      return `${head} ${event.messages
        .map((message) => {
          const content = message.text ?? message.url ?? message.noticeText;
          const from = message.from?.nickname ?? message.from?.type ?? 'system';
          return `#${message.index} ${from}: ${message.type}${content === null ? '' : ` ${JSON.stringify(content)}`}`;
        })
        .join('; ')}`;
    case 'SmsOperationFailed':
      return `${head} ${event.errorMessage}`;
  }
}

/** One line of the desktop's output per update. */
export function describeUpdate(update: DesktopUpdate): string {
  switch (update.kind) {
    case 'signedIn':
      return `signed in as ${update.agent.userName ?? update.agent.id}`;
    case 'sessions':
      return update.sessions.length === 0
        ? 'no SMS sessions'
        : update.sessions
            .map(
              (session) =>
                `session ${session.id} ${session.state} [${names(session.participants)}]`,
            )
            .join('\n');
    case 'connected':
      if (!update.reconnect) return 'connected';
      return update.resumeAfter === undefined
        ? 'reconnected (no event received yet: live events only)'
        : `reconnected, resuming after ${update.resumeAfter}`;
    case 'disconnected':
      return `disconnected (close code ${update.code ?? 'unknown'}), reconnecting`;
    case 'event':
      return describeEvent(update.event);
  }
}
