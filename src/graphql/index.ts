export type { Context } from './context.js';
export { ErrorCode } from './errors.js';
export {
  GraphQLService,
  type ConnectionAuthentication,
  type GraphQLServiceOptions,
} from './service.js';
