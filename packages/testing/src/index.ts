export { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
export { freePort } from './free-port.ts';
export { type PrismOptions, type RunningPrism, startPrism } from './prism.ts';
