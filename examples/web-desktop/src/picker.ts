import type { ApolloClient } from '@apollo/client';
import {
  FindContactsDocument,
  InviteContactDocument,
  TransferToContactDocument,
} from './documents.js';
import { el } from './dom.js';
import type { FindContactsQuery, SessionFieldsFragment } from './gql/graphql.js';

type Contact = FindContactsQuery['contacts']['edges'][number]['node'];

/** Where the agent's search of the directory stands. */
type Search =
  | { phase: 'idle' }
  | { phase: 'searching'; words: string }
  | { phase: 'found'; words: string; contacts: readonly Contact[] }
  | { phase: 'failed'; words: string; error: string };

/** How many contacts a search shows: the agent narrows the words rather than scrolls. */
const RESULTS = 10;
/** The gateway's bound on a search (longer ones are refused before GWS is asked). */
const MAX_SEARCH_LENGTH = 100;

export interface PickerOptions {
  apollo: ApolloClient;
  /** Runs an operation as the desk runs every one: a refusal becomes its notice. */
  run(operation: Promise<unknown>): Promise<boolean>;
  /** A search's refusal, described for the agent. */
  describeError(error: unknown): string;
}

/**
 * The invite and transfer picker: the agent searches the directory by name or number and invites
 * or transfers the session to a contact (a user, a queue or a custom entry) by its id.
 */
export class Picker {
  readonly element: HTMLElement;
  private search: Search = { phase: 'idle' };
  private session: SessionFieldsFragment | undefined;
  private readonly words = el('input', {
    type: 'search',
    maxLength: MAX_SEARCH_LENGTH,
    placeholder: 'Invite or transfer: find a name or number',
    attrs: { 'aria-label': 'Find a contact' },
  });
  private readonly results = el('ul', {
    className: 'contacts',
    attrs: { 'aria-label': 'Contacts' },
  });

  constructor(private readonly options: PickerOptions) {
    this.element = el(
      'section',
      { className: 'picker' },
      el(
        'form',
        { onsubmit: (event: SubmitEvent) => void this.find(event) },
        this.words,
        el('button', { type: 'submit' }, 'Find'),
      ),
      this.results,
    );
  }

  /** Shows the picker for this session, offering what its capabilities allow; hides it for none. */
  show(session: SessionFieldsFragment | undefined): void {
    this.session = session;
    const can = new Set(session?.capabilities);
    this.element.hidden = !can.has('INVITE') && !can.has('TRANSFER');
    this.render();
  }

  private async find(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const words = this.words.value.trim();
    if (words === '') return;
    const asked: Search = { phase: 'searching', words };
    this.search = asked;
    this.render();
    let answer: Search;
    try {
      const { data } = await this.options.apollo.query({
        query: FindContactsDocument,
        variables: { search: words, first: RESULTS },
        // Availability changes by the minute: every search asks the directory again.
        fetchPolicy: 'network-only',
      });
      answer = {
        phase: 'found',
        words,
        contacts: data?.contacts.edges.map((edge) => edge.node) ?? [],
      };
    } catch (error) {
      answer = { phase: 'failed', words, error: this.options.describeError(error) };
    }
    // A later search's answer is the one to show, whichever answer comes last.
    if (this.search !== asked) return;
    this.search = answer;
    this.render();
  }

  private invite(contact: Contact): void {
    const { session } = this;
    if (!session) return;
    void this.options.run(
      this.options.apollo.mutate({
        mutation: InviteContactDocument,
        variables: { id: session.id, contactId: contact.id },
      }),
    );
  }

  private transfer(contact: Contact): void {
    const { session } = this;
    if (!session) return;
    void this.options.run(
      this.options.apollo.mutate({
        mutation: TransferToContactDocument,
        variables: { id: session.id, contactId: contact.id },
      }),
    );
  }

  private render(): void {
    const search = this.search;
    const can = new Set(this.session?.capabilities);
    switch (search.phase) {
      case 'idle':
        this.results.replaceChildren();
        return;
      case 'searching':
        this.results.replaceChildren(el('li', { className: 'status' }, 'Searching…'));
        return;
      case 'failed':
        this.results.replaceChildren(
          el('li', { className: 'status' }, `The directory could not be searched: ${search.error}`),
        );
        return;
      case 'found':
        this.results.replaceChildren(
          ...search.contacts.map((contact) =>
            el(
              'li',
              {},
              el('span', { className: 'name' }, contact.name),
              el('span', { className: 'kind' }, describeContact(contact)),
              can.has('INVITE') && el('button', { onclick: () => this.invite(contact) }, 'Invite'),
              can.has('TRANSFER') &&
                el('button', { onclick: () => this.transfer(contact) }, 'Transfer'),
            ),
          ),
        );
        if (search.contacts.length === 0) {
          this.results.append(
            el('li', { className: 'status' }, `No contact matches "${search.words}".`),
          );
        }
    }
  }
}

/** The contact's kind, and whether it can take an SMS now where the directory says. */
function describeContact(contact: Contact): string {
  const sms = contact.availability.find((entry) => entry.channel === 'sms');
  const kind = contact.type.toLowerCase();
  if (!sms) return kind;
  return `${kind}, ${sms.available ? 'available' : 'not available'}`;
}
