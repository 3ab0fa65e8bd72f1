// Progress on stderr for people watching a terminal; nothing at all when stderr is piped or
// redirected, so logs and scripts get no control codes.
import cliProgress from 'cli-progress';

export interface Progress {
  /** `done` rows (or items) so far. */
  update(done: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A bar with rows done of `total`, the rate of this run and the time left; without a total,
 * a counter with the rate.
 */
export function startProgress(
  stream: NodeJS.WriteStream,
  unit: string,
  total: number | undefined,
  startAt = 0,
): Progress {
  if (!stream.isTTY) return silent;
  const format =
    total === undefined
      ? `{value} ${unit} | {rate} ${unit}/s`
      : `{bar} {value}/{total} ${unit} | {rate} ${unit}/s | {eta_formatted} left`;
  const bar = new cliProgress.SingleBar(
    { stream, format, hideCursor: true, etaBuffer: 100, fps: 10, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total ?? 0, startAt, { rate: '0' });
  return {
    update(done) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round((done - startAt) / seconds) : 0 });
    },
    stop() {
      bar.stop();
    },
  };
}
