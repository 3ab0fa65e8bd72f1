export {
  BROWSER_TESTS_SKIPPED,
  CHROMIUM_ARGS,
  CHROMIUM_LOCATIONS,
  chromiumForTests,
  findChromium,
} from './chromium.ts';
export { freePort } from './free-port.ts';
export { type PrismOptions, type RunningPrism, startPrism } from './prism.ts';
