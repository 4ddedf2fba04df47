/**
 * A minimal GWS client for the simulator tests: Basic auth, the JSESSIONID cookie and the CSRF
 * token it learns from GET answers, over real HTTP.
 */

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
}

export function basicAuthorization(userName: string, password = 'demo'): string {
  return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}

export async function send(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  const isJson = response.headers.get('content-type') === 'application/json';
  return {
    status: response.status,
    headers: response.headers,
    body: isJson && text !== '' ? (JSON.parse(text) as unknown) : text,
  };
}

/** A request to the simulator's control API at `{simulatorUrl}/simulator{path}`. */
export function controlRequest(
  simulatorUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  return send(`${simulatorUrl}/simulator${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

export class AgentClient {
  /** `JSESSIONID=…`, once the simulator has set it. */
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(
    private readonly baseUrl: string,
    readonly userName: string,
    private readonly password = 'demo',
  ) {}

  async get(path: string): Promise<Reply> {
    const reply = await send(`${this.baseUrl}${path}`, { headers: this.headers() });
    this.learn(reply);
    return reply;
  }

  /** @param body an object is sent as JSON, a string as is. */
  async post(path: string, body: unknown): Promise<Reply> {
    const reply = await send(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        ...this.headers(),
        'Content-Type': 'application/json',
        ...(this.csrfToken ? { 'X-CSRF-TOKEN': this.csrfToken } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.learn(reply);
    return reply;
  }

  /** GET /api/v2/me, which hands out the session cookie and CSRF token. */
  async signIn(): Promise<Reply> {
    return this.get('/api/v2/me');
  }

  operation(sessionId: string, body: Record<string, unknown>): Promise<Reply> {
    return this.post(`/api/v2/me/smssessions/${sessionId}`, body);
  }

  private headers(): Record<string, string> {
    return {
      Authorization: basicAuthorization(this.userName, this.password),
      ...(this.cookie ? { Cookie: this.cookie } : {}),
    };
  }

  private learn(reply: Reply): void {
    const setCookie = reply.headers.get('set-cookie');
    const session = setCookie && /JSESSIONID=([^;]+)/.exec(setCookie);
    if (session) this.cookie = `JSESSIONID=${session[1]}`;
    const headerName = reply.headers.get('x-csrf-header');
    const token = headerName && reply.headers.get(headerName);
    if (token) this.csrfToken = token;
  }
}
