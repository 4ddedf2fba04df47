/** What the gateway can watch of its traffic to GWS, without GWS code knowing who watches. */
export interface UpstreamObserver {
  /**
   * One request to GWS ended (a REST call or a notification long-poll; each attempt on its own).
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

/** A directory entry's path: `/api/v2/{contacts|users|queues}/{id}`. */
const DIRECTORY_ENTRY = /^(\/api\/v2\/(?:contacts|users|queues)\/)[^/]+/;

/**
 * The path with its variable segments named: a session, contact, user or queue id as `{id}`, a
 * channel name as `{channel}`, so that metrics labels stay few whatever clients ask for.
 */
export function endpointTemplate(path: string): string {
  // Most calls (every long-poll) name no variable segment: no pattern to run then.
  if (!path.includes('/smssessions/') && !path.includes('/me/channels/')) {
    return path.replace(DIRECTORY_ENTRY, '$1{id}');
  }
  return path
    .replace(/(\/smssessions\/)[^/]+/, '$1{id}')
    .replace(/(\/me\/channels\/)[^/]+/, '$1{channel}');
}
