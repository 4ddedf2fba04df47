/**
 * What one subscriber received of the customer messages a fault scenario sent, judged by one rule
 * that the Redis outage test and `npm run soak` share:
 * - a message whose text the subscriber received more than once is a duplicate;
 * - a message it never received is covered when it received a RESYNC snapshot after the message
 *   was sent: the gateway sends RESYNC after it may have missed notifications, and the client
 *   re-reads the session from it, the message included. Any other message not received is lost.
 * Times are `Date.now()` readings of one process: the sender's before sending, the subscriber's
 * on receipt.
 */
export function auditDeliveries(sent, received) {
  const copies = new Map();
  let lastResyncAt = Number.NEGATIVE_INFINITY;
  for (const { event, receivedAt } of received) {
    if (event.notificationType === 'RESYNC') lastResyncAt = Math.max(lastResyncAt, receivedAt);
    for (const { text } of Array.isArray(event.messages) ? event.messages : []) {
      if (typeof text === 'string') copies.set(text, (copies.get(text) ?? 0) + 1);
    }
  }
  const audit = { sent: sent.length, delivered: 0, covered: 0, lost: [], duplicates: [] };
  for (const { text, sentAt } of sent) {
    const count = copies.get(text) ?? 0;
    if (count > 1) audit.duplicates.push(text);
    if (count > 0) audit.delivered += 1;
    else if (lastResyncAt > sentAt) audit.covered += 1;
    else audit.lost.push(text);
  }
  return audit;
}
