/** One floor a benchmark run is held to, as measured. */
export interface FloorCheck {
  /** What was measured against what floor, e.g. `create 3.9x Prism (floor 3x)`. */
  figure: string;
  met: boolean;
}

/**
 * The run's one verdict line, and its exit code: 1 when any floor was missed, so a script or
 * a person comparing releases cannot read a miss as a pass.
 */
export function verdict(checks: readonly FloorCheck[]): { line: string; exitCode: 0 | 1 } {
  const missed = checks.filter((check) => !check.met);
  if (missed.length === 0) {
    return { line: `verdict: PASS, all ${checks.length} floors met`, exitCode: 0 };
  }
  const which = missed.map((check) => check.figure).join('; ');
  return {
    line: `verdict: FAIL, ${missed.length} of ${checks.length} floors missed: ${which}`,
    exitCode: 1,
  };
}
