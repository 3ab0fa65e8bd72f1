import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

export function measure(path: string): FileSize {
  const content = readFileSync(path);
  return {
    file: basename(path),
    raw: content.length,
    gzip: gzipSync(content, { level: 9 }).length,
  };
}

/** Decimal units (1 kB = 1000 B), the units the size budget is stated in. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

/** A small table of raw and gzip sizes, with a total row. */
export function sizeTable(sizes: FileSize[]): string {
  const total = sizes.reduce(
    (sum, size) => ({ file: 'total', raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip }),
    { file: 'total', raw: 0, gzip: 0 },
  );
  const width = Math.max(...[...sizes, total].map((size) => size.file.length));
  return [...sizes, total]
    .map(
      (size) =>
        `  ${size.file.padEnd(width)}  ${formatBytes(size.raw).padStart(10)} raw  ${formatBytes(size.gzip).padStart(10)} gzip`,
    )
    .join('\n');
}
