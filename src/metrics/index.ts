export { GatewayMetrics, type GatewayGauges, type RequestRecord } from './gateway-metrics.js';
