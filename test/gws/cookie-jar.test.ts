import { CookieJar, sessionCookie } from '../../src/gws/cookie-jar.js';

describe('CookieJar', () => {
  it('keeps name=value pairs and drops attributes', () => {
    const jar = new CookieJar();
    expect(jar.header()).toBeUndefined();
    jar.store(['JSESSIONID=abc123; Path=/; HttpOnly', 'AWSELB=lb1; Path=/']);
    expect(jar.header()).toBe('JSESSIONID=abc123; AWSELB=lb1');
  });

  it('replaces a cookie of the same name and forgets expired ones', () => {
    const jar = new CookieJar();
    jar.store(['JSESSIONID=old', 'AWSELB=lb1']);
    jar.store(['JSESSIONID=new; Path=/']);
    expect(jar.header()).toBe('AWSELB=lb1; JSESSIONID=new');
    jar.store(['AWSELB=; Max-Age=0']);
    expect(jar.header()).toBe('JSESSIONID=new');
  });

  it('forgets a cookie its server deletes with a past Expires, as load balancers do', () => {
    const jar = new CookieJar();
    jar.store(['JSESSIONID=abc', 'AWSELB=lb1; Path=/']);
    jar.store(['AWSELB=lb1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Path=/']);
    expect(jar.header()).toBe('JSESSIONID=abc');
  });

  it('sends a quoted value back as it came, and passes over a header that is not a cookie', () => {
    const jar = new CookieJar();
    jar.store(['lb="a b"; Path=/', '=novalue', 'JSESSIONID=abc; Max-Age=1800']);
    expect(jar.header()).toBe('lb="a b"; JSESSIONID=abc');
  });

  it('finds the JSESSIONID a response hands out', () => {
    expect(sessionCookie(['AWSELB=lb1', 'JSESSIONID=abc; Path=/; HttpOnly'])).toBe('abc');
    expect(sessionCookie(['JSESSIONID=; Max-Age=0', 'JSESSIONIDX=abc'])).toBeUndefined();
  });

  it('holds a bounded number of cookies', () => {
    const jar = new CookieJar();
    jar.store(Array.from({ length: 100 }, (_, i) => `c${i}=${i}`));
    const names = jar.header()?.split('; ') ?? [];
    expect(names).toHaveLength(32);
    expect(names.at(-1)).toBe('c99=99');
  });
});
