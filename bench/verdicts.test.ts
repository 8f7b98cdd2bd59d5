import { describe, expect, it } from 'vitest';
import type { Cell } from './cells';
import type { CellResult, TargetFigures } from './measure';
import { cellsTable } from './report';
import type { TargetName } from './target-names';
import { verdicts } from './verdicts';

function figures(target: TargetName, over: Partial<TargetFigures>): TargetFigures {
  return {
    target, requests: 100, errors: 0, firstError: null, rps: 1000, latencyP50Ms: 0.1, latencyP99Ms: 0.5, ttfbP50Ms: 0.1, ttfbP99Ms: 0.5,
    overheadP50Ms: 0, overheadP99Ms: 0, ttfbOverheadP50Ms: 0, ttfbOverheadP99Ms: 0, cpuUsPerRequest: 100,
    readCallsPerRequest: 2, writeCallsPerRequest: 2, peakRssMb: 100, chunkLagP50Ms: null, chunkLagP99Ms: null, sharedReadShare: null, ...over,
  };
}

const cell = (over: Partial<Cell>): Cell => ({ id: 'json c1 ttft0 oai->oai', stream: false, concurrency: 1, ttftMs: 0, route: 'openai', chunks: 50, pacingMs: 0, rounds: 1, ...over });

describe('verdicts', () => {
  it('judges Switchboard against direct and the pass-through of the same cell', () => {
    const cells: CellResult[] = [{
      cell: cell({}),
      targets: [
        figures('direct', {}),
        figures('pass-through', { overheadP50Ms: 0.1, cpuUsPerRequest: 200 }),
        figures('switchboard', { overheadP50Ms: 0.2, overheadP99Ms: 1.5, cpuUsPerRequest: 500 }),
      ],
    }];
    const v = verdicts({ cells, switchboardRunPeakRssMb: 120, soak: null, micro: null });
    const find = (text: string) => v.find((x) => x.target.includes(text));
    expect(find('added p50 <= 0.25 ms')?.pass).toBe(true);
    expect(find('2.5x the pass-through')?.pass).toBe(true);
    expect(find('added p99 <= 1 ms')?.pass).toBe(false);
    expect(find('CPU per proxied request')?.pass).toBe(false);
    expect(find('peak RSS')?.pass).toBe(true);
    expect(find('soak')?.pass).toBeNull();
    expect(cellsTable(cells)).toContain('| json c1 ttft0 oai->oai | direct |');
  });

  it('calls a paced stream batched when pieces share reads more often than direct', () => {
    const paced = cell({ id: 'paced', stream: true, pacingMs: 2 });
    const v = verdicts({
      cells: [{ cell: paced, targets: [figures('direct', { sharedReadShare: 0 }), figures('switchboard', { sharedReadShare: 0.5, chunkLagP99Ms: 9 })] }],
      switchboardRunPeakRssMb: 200, soak: null, micro: null,
    });
    expect(v.find((x) => x.target.includes('never batched'))?.pass).toBe(false);
    expect(v.find((x) => x.target.includes('peak RSS'))?.pass).toBe(false);
  });
});
