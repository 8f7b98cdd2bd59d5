// The usage rows as the CSV export gives them (GET /api/v1/llm/usage/export), one record per request.
import type { SwitchboardApp } from '../../../src/node/app';
import { adminFetch } from './routing-harness';

/** RFC 4180 lines without embedded newlines (what the export writes) -> records by header. */
export type UsageRow = Record<string, string>;

export function parseCsv(text: string): UsageRow[] {
  const lines = text.trimEnd().split('\n');
  const split = (line: string) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replaceAll('""', '"')).slice(0, -1);
  const header = split(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i]!, v])));
}

export async function usageRows(app: SwitchboardApp, days = 1): Promise<UsageRow[]> {
  const res = await adminFetch(app, 'GET', `/api/v1/llm/usage/export?days=${days}`);
  if (res.status !== 200) throw new Error(`usage export answered ${res.status}`);
  return parseCsv(res.text);
}
