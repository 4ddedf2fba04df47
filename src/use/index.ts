export { OriginPolicy } from './cors.js';
export { ClientGoneError, HttpError, sendText } from './http-io.js';
export { useServerSentEvents, type SseTransport, type SseTransportOptions } from './sse.js';
export { useHttp, type HttpTransport, type HttpTransportOptions } from './http.js';
export { useWebSockets, type WebSocketTransport, type WebSocketTransportOptions } from './ws.js';
export {
  useMultipart,
  wantsMultipart,
  type MultipartTransport,
  type MultipartTransportOptions,
} from './multipart.js';
