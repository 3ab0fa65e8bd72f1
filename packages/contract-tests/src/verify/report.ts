// The drift report: one item per check, written as JSON for tools and as a table for people.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ReportItem {
  id: string;
  /** The operationId the item checks. */
  operation: string;
  /** `x-evidence` of what the item checks: seed, reference, vendor-client, assumed (or none). */
  evidence: string;
  /** Whether the server behaved as the spec says (or, where the spec leaves it open, within what it allows). */
  held: boolean;
  /** What the server did, in one line. */
  observed: string;
}

export interface Report {
  baseUrl: string;
  at: string;
  items: ReportItem[];
}

/** What each item checks, for the table; the JSON keeps to the fields above. */
export type Descriptions = Record<string, string>;

export async function writeReport(
  report: Report,
  descriptions: Descriptions,
  folder: string,
): Promise<{ json: string; markdown: string }> {
  await mkdir(folder, { recursive: true });
  const json = join(folder, 'contract-report.json');
  const markdown = join(folder, 'contract-report.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, renderMarkdown(report, descriptions));
  return { json, markdown };
}

export function renderMarkdown(report: Report, descriptions: Descriptions): string {
  const failed = report.items.filter((item) => !item.held);
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = report.items.map(
    (item) =>
      `| ${item.held ? 'held' : '**not held**'} | \`${item.id}\` | \`${item.operation}\` | ${item.evidence} | ${cell(descriptions[item.id] ?? '')} | ${cell(item.observed)} |`,
  );
  return [
    '# Contract drift report',
    '',
    `- Server: ${report.baseUrl}`,
    `- Run at: ${report.at}`,
    `- Result: ${failed.length === 0 ? `every item held (${report.items.length})` : `${failed.length} of ${report.items.length} items did not hold: ${failed.map((item) => `\`${item.id}\``).join(', ')}`}`,
    '',
    '"Held" means the server behaved as partnero-kit\'s spec says. Where the spec leaves a',
    'behaviour open (whether search matches loosely, request forms it does not document,',
    'whether deleted customers are listed), the item records what the server did and holds',
    'when that is within what the spec allows. "Evidence" is where the spec says the checked',
    "part comes from: `seed` (the original customers page), `reference` (Partnero's API",
    "reference), `vendor-client` (only Partnero's own clients), `assumed` (partnero-kit's",
    'inference), `none` (the spec states nothing).',
    '',
    '| result | item | operation | evidence | checks | observed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
