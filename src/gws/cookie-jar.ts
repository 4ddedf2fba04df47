import { createHash } from 'node:crypto';

/** The cookie naming GWS's HTTP session (a Java servlet container's). */
export const HTTP_SESSION_COOKIE = 'JSESSIONID';

/** The cookies one agent's upstream session holds: in practice JSESSIONID and a load-balancer cookie. */
const MAX_COOKIES = 32;

export class CookieJar {
  private readonly cookies = new Map<string, string>();
  /** The `Cookie` header as last built: every request sends it, few answers change it. */
  private cachedHeader: string | undefined;

  /** Takes the `Set-Cookie` headers of one upstream response. Attributes are ignored: one upstream host. */
  store(setCookieHeaders: readonly string[]): void {
    if (setCookieHeaders.length === 0) return;
    this.cachedHeader = undefined;
    for (const header of setCookieHeaders) {
      const pair = header.split(';', 1)[0] ?? '';
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = /;\s*max-age=0\b/i.test(header) || value === '';
      this.cookies.delete(name);
      if (expired) continue;
      if (this.cookies.size >= MAX_COOKIES) {
        const oldest = this.cookies.keys().next().value;
        if (oldest !== undefined) this.cookies.delete(oldest);
      }
      this.cookies.set(name, value);
    }
  }

  /** The value of one cookie, or undefined when the jar has none of that name. */
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    this.cachedHeader ??= [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return this.cachedHeader;
  }

  clear(): void {
    this.cookies.clear();
    this.cachedHeader = undefined;
  }
}

/** An opaque name of an upstream HTTP session: a hash of its JSESSIONID, 64 bits of it. */
export function sessionName(jsessionid: string): string {
  return createHash('sha256').update(jsessionid).digest('hex').slice(0, 16);
}

/** The JSESSIONID these `Set-Cookie` headers hand out, if any. */
export function sessionCookie(setCookies: readonly string[]): string | undefined {
  for (const header of setCookies) {
    const pair = header.split(';', 1)[0] ?? '';
    if (pair.startsWith(`${HTTP_SESSION_COOKIE}=`)) {
      const value = pair.slice(HTTP_SESSION_COOKIE.length + 1).trim();
      if (value !== '') return value;
    }
  }
  return undefined;
}
