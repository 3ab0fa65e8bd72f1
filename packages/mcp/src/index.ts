export { type Coverage, coverage } from './coverage.js';
export { type HttpOptions, type HttpServer, serveHttp } from './http.js';
export { RESULT_LIMIT } from './results.js';
export {
  allowedTools,
  annotationsOf,
  createServerFactory,
  type PartneroMcpOptions,
  SERVER_NAME,
  VERSION,
} from './server.js';
export { type Access, DEFAULT_LIMIT, LEFT_OUT, TOOLS, type ToolDefinition } from './tools/index.js';
