/**
 * The demo scenario: simulated customers keep writing in the demo agents' live conversations,
 * so someone trying the gateway sees notifications arrive at once.
 */
import type { ContactCentre } from './contact-centre.js';

export const DEFAULT_DEMO_INTERVAL_MS = 5_000;

const CUSTOMER_LINES = [
  'Are you still there?',
  'The order number is on the receipt, one moment.',
  'Could you also check my billing address?',
  'Thanks, that helps a lot.',
  'Is there a tracking link?',
  'How long will the refund take?',
];

/** Starts writing; the returned function stops it. */
export function startDemoScenario(
  contactCentre: ContactCentre,
  intervalMs: number,
  log: (line: string) => void,
): () => void {
  let turn = 0;
  const timer = setInterval(() => {
    const conversations = contactCentre.liveConversations();
    if (conversations.length === 0) return;
    // Round robin over conversations and lines: every session gets its turn, predictably.
    const session = conversations[turn % conversations.length];
    const line = CUSTOMER_LINES[turn % CUSTOMER_LINES.length];
    turn += 1;
    if (!session || !line) return;
    contactCentre.customerWrites(session.id, line);
    log(`demo: the customer wrote in SMS session ${session.id}`);
  }, intervalMs);
  // The scenario never keeps the process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}
