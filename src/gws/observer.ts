/** What the gateway can watch of its traffic to GWS, without GWS code knowing who watches. */
export interface UpstreamObserver {
  /**
   * One REST request to GWS ended.
   * @param call.endpoint the path with its variable segments named (`/api/v2/me/smssessions/{id}`)
   * @param call.status the HTTP status, or undefined when no answer came (timeout, refused)
   */
  onUpstreamCall(call: {
    method: string;
    endpoint: string;
    status: number | undefined;
    durationMs: number;
  }): void;
}

/** A session id (the one variable segment of GWS's SMS paths) replaced by `{id}`. */
export function endpointTemplate(path: string): string {
  return path.replace(/(\/smssessions\/)[^/]+/, '$1{id}');
}
