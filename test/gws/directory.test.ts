import { contactPage, contactsQuery, searchWords } from '../../src/gws/directory.js';
import { GwsError } from '../../src/gws/index.js';
import { WireMapper } from '../../src/graphql/model.js';
import { endpointTemplate } from '../../src/gws/observer.js';

describe('searchWords', () => {
  it('splits on white space', () => {
    expect(searchWords('  Ann   Lee\u00a0 ')).toEqual(['Ann', 'Lee']);
    expect(searchWords('   ')).toEqual([]);
  });

  it.each([
    ['a comma', 'Doe, John'],
    ['a wildcard', 'Jo*'],
    ['more than 100 characters', 'x'.repeat(101)],
    ['more than 8 words', 'a b c d e f g h i'],
    ['a line break', 'Ann\nLee'],
  ])('refuses %s', (_case, search) => {
    expect(() => searchWords(search)).toThrow(GwsError);
  });
});

describe('contactsQuery', () => {
  it('sends no filter for a blank search, and the type, channel and page as given', () => {
    expect(
      contactsQuery({ search: ' ', type: 'Queue', channel: 'sms', offset: 40, limit: 20 }),
    ).toEqual({ fields: '*', type: 'Queue', channel: 'sms', offset: '40', limit: '20' });
  });

  it('refuses a page past the bounds and a channel that is not a name', () => {
    expect(() => contactsQuery({ offset: 0, limit: 101 })).toThrow(GwsError);
    expect(() => contactsQuery({ offset: -1, limit: 10 })).toThrow(GwsError);
    expect(() => contactsQuery({ offset: 100_001, limit: 10 })).toThrow(GwsError);
    expect(contactsQuery({ offset: 100_000, limit: 10 })).toMatchObject({ offset: '100000' });
    expect(() => contactsQuery({ channel: 'sms&type=User', offset: 0, limit: 10 })).toThrow(
      GwsError,
    );
  });
});

describe('contactPage', () => {
  const contacts = Array.from({ length: 7 }, (_, i) => ({ id: `c${i}` }));
  const ids = (page: { contacts: { id: string }[] }) => page.contacts.map((c) => c.id);

  it('takes a paged answer as it is', () => {
    const page = contactPage(
      { statusCode: 0, totalCount: 7, contacts: contacts.slice(3, 6) },
      { offset: 3, limit: 3 },
    );
    expect(ids(page)).toEqual(['c3', 'c4', 'c5']);
    expect(page.totalCount).toBe(7);
  });

  it('pages an answer of every match itself, with or without totalCount', () => {
    expect(ids(contactPage({ statusCode: 0, contacts }, { offset: 3, limit: 3 }))).toEqual([
      'c3',
      'c4',
      'c5',
    ]);
    const last = contactPage({ statusCode: 0, totalCount: 7, contacts }, { offset: 6, limit: 20 });
    expect(ids(last)).toEqual(['c6']);
    expect(contactPage({ statusCode: 0, contacts }, { offset: 0, limit: 3 }).totalCount).toBe(7);
  });

  it('leaves out entries without an id', () => {
    const odd = [{ id: 'c1' }, { name: 'no id' }, null, 'c2'] as never[];
    expect(ids(contactPage({ statusCode: 0, contacts: odd }, { offset: 0, limit: 10 }))).toEqual([
      'c1',
    ]);
  });
});

describe('WireMapper.contact', () => {
  const unknown: [string, unknown][] = [];
  const mapper = new WireMapper((field, value) => unknown.push([field, value]));

  it('reads the documented shape', () => {
    expect(
      mapper.contact({
        id: 'c1',
        type: 'User',
        userName: 'ann',
        firstName: 'Ann',
        lastName: 'Lee',
        phoneNumbers: [{ phoneNumber: '+1 555 0101', description: 'Work' }],
        availability: {
          channels: [
            { channel: 'sms', available: true, userState: { id: 'r', state: 'Ready' } },
            { channel: 'voice', available: false },
          ],
        },
        uri: 'http: //gws: 8080/api/v2/contacts/c1',
      }),
    ).toEqual({
      __typename: 'Contact',
      id: 'c1',
      name: 'Ann Lee',
      uri: 'http://gws:8080/api/v2/contacts/c1',
      type: 'USER',
      firstName: 'Ann',
      lastName: 'Lee',
      userName: 'ann',
      phoneNumbers: ['+1 555 0101'],
      availability: [
        { channel: 'sms', available: true, userState: 'Ready' },
        { channel: 'voice', available: false, userState: null },
      ],
    });
  });

  it('reads the variants GWS may send: a bare availability list, plain numbers, a new type', () => {
    const contact = mapper.contact({
      id: 'c2',
      name: 'Night Line',
      type: 'RoutePoint',
      phoneNumbers: ['+1 555 0199', 7 as never],
      availability: [{ channel: 'sms', available: true, userState: 'Ready' }, { available: true }],
    });
    expect(contact).toMatchObject({
      name: 'Night Line',
      uri: '/contacts/c2',
      type: 'UNKNOWN',
      phoneNumbers: ['+1 555 0199'],
      availability: [{ channel: 'sms', available: true, userState: 'Ready' }],
    });
    expect(unknown).toContainEqual(['Contact.type', 'RoutePoint']);
    expect(mapper.contact({ name: 'no id' } as never)).toBeUndefined();
  });
});

describe('endpointTemplate of the directory', () => {
  it('names the id of a contact, user or queue, so metrics labels stay few', () => {
    expect(endpointTemplate('/api/v2/contacts/c1')).toBe('/api/v2/contacts/{id}');
    expect(endpointTemplate('/api/v2/users/8ae7')).toBe('/api/v2/users/{id}');
    expect(endpointTemplate('/api/v2/queues/7c4f')).toBe('/api/v2/queues/{id}');
    expect(endpointTemplate('/api/v2/contacts')).toBe('/api/v2/contacts');
  });
});
