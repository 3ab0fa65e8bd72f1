import { describe, expect, it } from 'vitest';
import { verdict } from '../bench/verdict.js';

// The benchmark itself stays out of CI; its verdict, which decides its exit code, is tested.

describe('the benchmark verdict', () => {
  it('passes, exit 0, when every floor is met', () => {
    expect(
      verdict([
        { figure: 'create 3.9x Prism (floor 3x)', met: true },
        { figure: 'start-up 130 ms (floor < 500 ms)', met: true },
      ]),
    ).toEqual({ line: 'verdict: PASS, all 2 floors met', exitCode: 0 });
  });

  it('fails, exit 1, naming each missed floor', () => {
    expect(
      verdict([
        { figure: 'create 2.9x Prism (floor 3x)', met: false },
        { figure: 'retrieve 7.3x Prism (floor 6x)', met: true },
        { figure: 'RSS 151 MB after listing (floor < 150 MB)', met: false },
      ]),
    ).toEqual({
      line: 'verdict: FAIL, 2 of 3 floors missed: create 2.9x Prism (floor 3x); RSS 151 MB after listing (floor < 150 MB)',
      exitCode: 1,
    });
  });
});
