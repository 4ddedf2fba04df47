import type { MessageFieldsFragment } from './gql/graphql.js';

export type Message = MessageFieldsFragment;

/** Typing notices come and go too fast to be worth a line of the transcript. */
const HIDDEN_TYPES: ReadonlySet<Message['type']> = new Set(['TYPING_STARTED', 'TYPING_STOPPED']);

export function isShown(message: Message): boolean {
  return !HIDDEN_TYPES.has(message.type);
}

/** Who wrote the message, as the transcript names them. */
export function author(message: Message): string {
  return message.from?.nickname ?? message.from?.type.toLowerCase() ?? 'system';
}

/** The line's words: what was written, or what happened. */
export function content(message: Message): string {
  switch (message.type) {
    case 'TEXT':
      return message.text ?? '';
    case 'PUSH_URL':
      return message.url ?? '';
    case 'NOTICE':
    case 'CUSTOM_NOTICE':
      return message.noticeText ?? message.text ?? '';
    case 'PARTICIPANT_JOINED':
      return 'joined';
    case 'PARTICIPANT_LEFT':
      return 'left';
    case 'PARTICIPANT_REJOINED':
      return 'rejoined';
    case 'TYPING_STARTED':
      return 'is typing';
    case 'TYPING_STOPPED':
      return 'stopped typing';
    case 'UNKNOWN':
      return message.text ?? message.noticeText ?? '';
  }
}

/** The hour and minute of an ISO 8601 timestamp, in the browser's time zone. */
export function clock(timestamp: string | null | undefined): string {
  if (!timestamp) return '';
  const at = new Date(timestamp);
  return Number.isNaN(at.getTime())
    ? ''
    : at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}
