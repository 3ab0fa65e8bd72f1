import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports below this are left to system services. */
const LOWEST = 10_000;

/**
 * The first port of the kernel's ephemeral range: the ports it hands out by itself, to
 * `listen(0)` and to outgoing connections. Linux says where it starts; elsewhere it is
 * IANA's dynamic range, which macOS and Windows use.
 */
export function ephemeralStart(): number {
  try {
    const range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    const low = Number(range.trim().split(/\s+/)[0]);
    if (low > LOWEST) return low;
  } catch {
    // Not Linux: fall through to the dynamic range.
  }
  return 49_152;
}

/**
 * A port of 127.0.0.1 that was free a moment ago, for a server the caller starts next. It is
 * chosen below the ephemeral range: a port that `listen(0)` picked could be handed by the
 * kernel to any outgoing connection on the machine before the caller binds it (turbo runs
 * the test suites side by side, and this happened); below the range only an explicit bind
 * can take it.
 */
export async function freePort(): Promise<number> {
  const span = ephemeralStart() - LOWEST;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * span);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port of 127.0.0.1 found between ${LOWEST} and ${LOWEST + span}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
