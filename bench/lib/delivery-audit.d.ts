/** A customer message a fault scenario sent, and when. */
export interface SentMessage {
  text: string;
  sentAt: number;
}

/** An event one subscriber received, and when. */
export interface ReceivedEntry {
  /** An SmsSessionEvent as received; an SmsMessagesAdded's `messages` carry `text`. */
  event: { notificationType: string; messages?: unknown };
  receivedAt: number;
}

export interface DeliveryAudit {
  sent: number;
  /** Messages received at least once. */
  delivered: number;
  /** Messages not received, with a RESYNC received after they were sent. */
  covered: number;
  /** The texts of messages neither received nor covered. */
  lost: string[];
  /** The texts of messages received more than once. */
  duplicates: string[];
}

export function auditDeliveries(
  sent: readonly SentMessage[],
  received: readonly ReceivedEntry[],
): DeliveryAudit;
