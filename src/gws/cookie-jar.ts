import { createHash } from 'node:crypto';
import { Cookie } from 'tough-cookie';

/** The cookie naming GWS's HTTP session (a Java servlet container's). */
export const HTTP_SESSION_COOKIE = 'JSESSIONID';

/** The cookies one agent's upstream session holds: in practice JSESSIONID and a load-balancer cookie. */
const MAX_COOKIES = 32;

/**
 * One agent's cookies with GWS. `Set-Cookie` is read by `tough-cookie` (RFC 6265: quoting, and a
 * cookie ended by `Max-Age` or a past `Expires`, as servlet containers and load balancers delete
 * theirs). Its `CookieJar` is not used: it matches domain and path and builds the `Cookie` header
 * anew on every request, 13 µs each against 2 ns for this jar's string kept between changes
 * (BENCHMARKS.md), on every REST call and CometD long-poll; and one upstream host needs no matching.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  /** The `Cookie` header as last built: every request sends it, few answers change it. */
  private cachedHeader: string | undefined;

  /** Takes the `Set-Cookie` headers of one upstream response. */
  store(setCookieHeaders: readonly string[]): void {
    if (setCookieHeaders.length === 0) return;
    this.cachedHeader = undefined;
    for (const header of setCookieHeaders) {
      const cookie = Cookie.parse(header);
      if (!cookie?.key) continue;
      this.cookies.delete(cookie.key);
      if (cookie.value === '' || cookie.TTL() <= 0) continue;
      if (this.cookies.size >= MAX_COOKIES) {
        const oldest = this.cookies.keys().next().value;
        if (oldest !== undefined) this.cookies.delete(oldest);
      }
      this.cookies.set(cookie.key, cookie.value);
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
    const cookie = Cookie.parse(header);
    if (cookie?.key === HTTP_SESSION_COOKIE && cookie.value !== '') return cookie.value;
  }
  return undefined;
}
