import type { SmsOperationName } from './wire.js';

/**
 * Where GWS's own pages disagree, what this GWS has shown it does, learnt from its answers and kept
 * for every agent's session with it (one per GwsClient): which spelling of an operation it takes,
 * and whether it serves the single-session GET the documentation never shows.
 */

/**
 * Operations GWS's pages name twice (reference §1.2 #13, #23, §6.9): the canonical name (the
 * capability lists' and page titles') first. Every other operation has one name.
 */
export const OPERATION_SPELLINGS: Readonly<Partial<Record<SmsOperationName, readonly string[]>>> = {
  SetInFocus: ['SetInFocus', 'InFocus'],
  SendStopTypingToAgentsNotification: [
    'SendStopTypingToAgentsNotification',
    'SendStopTypingToAgentNotification',
  ],
};

/**
 * Each spelling of a capability (or operation) name that GWS may send, to its canonical name; a
 * name of one spelling maps to itself. `InFocus` stays itself: the schema has a value of its own
 * for it, as GWS's capability lists carry both.
 */
export function canonicalCapability(name: string): string {
  return name === 'SendStopTypingToAgentNotification' ? 'SendStopTypingToAgentsNotification' : name;
}

/** Whether GWS serves `GET /api/v2/me/smssessions/{id}`: unknown until it first answers one. */
export type SingleSessionGet = 'unknown' | 'served' | 'not_served';

export class LearnedDialect {
  private readonly spellings = new Map<SmsOperationName, string>();
  private singleGet: SingleSessionGet = 'unknown';

  /** @param learnt told once of each fact learnt, e.g. to log it. */
  constructor(private readonly learnt: (fact: string, value: string) => void = () => undefined) {}

  get singleSessionGet(): SingleSessionGet {
    return this.singleGet;
  }

  learnSingleSessionGet(value: Exclude<SingleSessionGet, 'unknown'>): void {
    if (this.singleGet === value) return;
    this.singleGet = value;
    this.learnt('single-session GET', value);
  }

  /**
   * The spellings of `operation` to try, in order: the one GWS took before alone; else the one the
   * session advertises among its capabilities, then the others, as GWS refusing an advertised name
   * shows it takes another; else, when the session advertises none of them (the operation is not
   * open in its state: GWS's refusal would be about that), the canonical one alone; and all of
   * them, canonical first, when its capabilities are unknown.
   * @param advertised the session's capabilities, undefined when they could not be read.
   */
  spellingsToTry(operation: SmsOperationName, advertised: readonly string[] | undefined): string[] {
    const spellings = OPERATION_SPELLINGS[operation] ?? [operation];
    const learnt = this.spellings.get(operation);
    if (learnt !== undefined) return [learnt];
    if (advertised === undefined) return [...spellings];
    const offered = spellings.find((spelling) => advertised.includes(spelling));
    if (offered === undefined) return [spellings[0] ?? operation];
    return [offered, ...spellings.filter((spelling) => spelling !== offered)];
  }

  /** Whether the spelling to use is still to be learnt: the session's capabilities may tell it. */
  needsAdvertised(operation: SmsOperationName): boolean {
    return OPERATION_SPELLINGS[operation] !== undefined && !this.spellings.has(operation);
  }

  /** GWS took `spelling` for `operation`. */
  learnSpelling(operation: SmsOperationName, spelling: string): void {
    if (
      OPERATION_SPELLINGS[operation] === undefined ||
      this.spellings.get(operation) === spelling
    ) {
      return;
    }
    this.spellings.set(operation, spelling);
    this.learnt(`spelling of ${operation}`, spelling);
  }
}
