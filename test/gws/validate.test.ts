import { GwsError } from '../../src/gws/errors.js';
import {
  assertMessagePaging,
  assertSessionId,
  assertTargetPath,
  assertTargetUri,
} from '../../src/gws/validate.js';

function invalidInputMessage(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GwsError);
    expect((error as GwsError).kind).toBe('invalid_input');
    return (error as GwsError).message;
  }
  throw new Error('expected the input to be refused');
}

describe('session ids', () => {
  it.each(['0000Na9B26EF006E', '0071023821aec011', 'a'])('accepts %s', (id) => {
    expect(() => assertSessionId(id)).not.toThrow();
  });

  it.each([
    '',
    '../../users/x',
    'abc%2F..',
    'abc/def',
    'abc def',
    'a?b',
    'a#b',
    'x'.repeat(65),
    'é',
  ])('refuses %j', (id) => {
    expect(invalidInputMessage(() => assertSessionId(id))).toMatch(/session id/);
  });
});

describe('target URIs', () => {
  it.each([
    'http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041',
    'https://gws.example.com/api/v2/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d702',
    'https://gws.example.com/prefix/api/v2/queues/q-1',
  ])('accepts %s', (uri) => {
    expect(() => assertTargetUri(uri)).not.toThrow();
  });

  it.each([
    ['users/1', /absolute/],
    ['ftp://gws/api/v2/users/1', /http/],
    ['javascript:alert(1)', /http/],
    ['http://user:pw@gws/api/v2/users/1', /credentials/],
    ['http://gws/api/v2/users/1?x=1', /query/],
    ['http://gws/api/v2/calls/1', /expected/],
    ['http://gws/api/v2/users/../me', /expected/],
    ['http://gws/api/v2/users/', /expected/],
    ['http: //localhost: 8080/api/v2/users/1', /white space/],
    [`http://gws/api/v2/users/${'x'.repeat(3000)}`, /at most 2048 characters/],
  ])('refuses %s', (uri, reason) => {
    expect(invalidInputMessage(() => assertTargetUri(uri))).toMatch(reason);
  });
});

describe('target paths', () => {
  it.each(['/users/8ae7d9e1', '/queues/q-1', '/contacts/429a5599'])('accepts %s', (path) => {
    expect(() => assertTargetPath(path)).not.toThrow();
  });

  it.each([
    'users/1',
    '/users/1/',
    '/users/../me',
    '/calls/1',
    '/users/a%2Fb',
    '//evil/users/1',
    '',
  ])('refuses %j', (path) => {
    expect(invalidInputMessage(() => assertTargetPath(path))).toMatch(/targetPath/);
  });
});

describe('message paging', () => {
  it('accepts absent, zero and positive values', () => {
    expect(() => assertMessagePaging(undefined, undefined)).not.toThrow();
    expect(() => assertMessagePaging(0, 0)).not.toThrow();
    expect(() => assertMessagePaging(3, 10)).not.toThrow();
  });

  it('refuses negative values', () => {
    expect(invalidInputMessage(() => assertMessagePaging(-1, undefined))).toMatch(/startIndex/);
    expect(invalidInputMessage(() => assertMessagePaging(1, -5))).toMatch(/count/);
  });
});
