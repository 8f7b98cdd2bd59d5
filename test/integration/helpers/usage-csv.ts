// The usage rows of a running harness, read through the CSV export (what an outside user sees).
import type { SwitchboardApp } from '../../../src/node/app';
import { adminFetch } from './routing-harness';

export type UsageRow = Record<string, string>;

export function parseCsv(text: string): UsageRow[] {
  const lines = text.trimEnd().split('\n');
  const split = (line: string) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replaceAll('""', '"')).slice(0, -1);
  const header = split(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i]!, v])));
}

export async function usageRows(app: SwitchboardApp): Promise<UsageRow[]> {
  return parseCsv((await adminFetch(app, 'GET', '/api/v1/llm/usage/export?days=1')).text);
}
