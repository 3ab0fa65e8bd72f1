export {
  BROWSER_TESTS_SKIPPED,
  CHROMIUM_ARGS,
  CHROMIUM_LOCATIONS,
  chromiumForTests,
  findChromium,
} from './chromium.js';
export { freePort } from './free-port.js';
export { type PrismOptions, type RunningPrism, startPrism } from './prism.js';
