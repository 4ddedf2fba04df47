import { CookieJar } from '../../src/gws/cookie-jar.js';

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

  it('holds a bounded number of cookies', () => {
    const jar = new CookieJar();
    jar.store(Array.from({ length: 100 }, (_, i) => `c${i}=${i}`));
    const names = jar.header()?.split('; ') ?? [];
    expect(names).toHaveLength(32);
    expect(names.at(-1)).toBe('c99=99');
  });
});
