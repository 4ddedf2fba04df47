/** The record of every `/api/...` request the simulator received, for tests to assert on. */

export interface RecordedRequest {
  method: string;
  /** Raw, as received (percent-encoding kept), without the query. */
  path: string;
  /** Raw query string without `?`; empty when there is none. */
  query: string;
  /** The agent the request authenticated as. */
  userName?: string;
  /** The `operationName` of a POST body. */
  operationName?: string;
  /** The parsed JSON body of a POST that got past authentication and CSRF. */
  body?: unknown;
  /** The W3C `traceparent` header the request carried, if any. */
  traceparent?: string;
  /** The W3C `baggage` header the request carried, if any. */
  baggage?: string;
}

/** A busy gateway or a long demo would otherwise grow the log forever; the oldest entries go. */
const MAX_RECORDED_REQUESTS = 10_000;

export class RequestLog {
  private entries: RecordedRequest[] = [];

  /** Records a request on arrival; its userName and operationName are filled in once known. */
  record(
    method: string,
    url: string,
    { traceparent, baggage }: { traceparent?: string; baggage?: string } = {},
  ): RecordedRequest {
    const queryStart = url.indexOf('?');
    const entry: RecordedRequest = {
      method,
      path: queryStart < 0 ? url : url.slice(0, queryStart),
      query: queryStart < 0 ? '' : url.slice(queryStart + 1),
      ...(traceparent === undefined ? {} : { traceparent }),
      ...(baggage === undefined ? {} : { baggage }),
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_RECORDED_REQUESTS) this.entries.shift();
    return entry;
  }

  list(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
