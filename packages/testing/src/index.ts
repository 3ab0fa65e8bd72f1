export { freePort } from './free-port.ts';
export { type PrismOptions, type RunningPrism, startPrism } from './prism.ts';
