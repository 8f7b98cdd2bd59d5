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

const cell = (over: Partial<Cell>): Cell => ({ id: 'json c1 ttft0 oai->oai 1k', stream: false, concurrency: 1, ttftMs: 0, route: 'openai', prompt: '1k', chunks: 50, pacingMs: 0, rounds: 1, ...over });

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
    expect(cellsTable(cells)).toContain('| json c1 ttft0 oai->oai 1k | direct |');
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

  it('judges 40 KB prompts at 2.5x, same format and translated apart, and Responses clients on their own', () => {
    const pair = (over: Partial<Cell>, sb: number, pt: number): CellResult => ({
      cell: cell(over), targets: [figures('direct', {}), figures('pass-through', { cpuUsPerRequest: pt }), figures('switchboard', { cpuUsPerRequest: sb })],
    });
    const v = verdicts({
      cells: [
        pair({ id: 'a', route: 'openai', prompt: '40k', concurrency: 16 }, 240, 100),
        pair({ id: 'b', route: 'gemini-openai', prompt: '40k', concurrency: 16 }, 260, 100),
        pair({ id: 'c', route: 'responses-chat', prompt: '1k', concurrency: 16 }, 210, 100),
        pair({ id: 'd', route: 'openai', prompt: 'tiny', concurrency: 16 }, 150, 100),
      ],
      switchboardRunPeakRssMb: 100, soak: null, micro: null,
    });
    const find = (text: string) => v.find((x) => x.target.startsWith(text));
    expect(find('40 KB prompts, same format')).toMatchObject({ pass: true, measured: expect.stringContaining('"a"') });
    expect(find('40 KB prompts, translated')).toMatchObject({ pass: false, measured: expect.stringContaining('"b"') });
    expect(find('Responses clients')).toMatchObject({ pass: false, measured: expect.stringContaining('"c"') });
    expect(find('prompts up to 1 KB')?.measured).toContain('"c"');
  });

  it('judges the slow reader, the event-loop delay and the retry', () => {
    const phase = { name: 'x', loop: { samples: 100, p50Ms: 1, p99Ms: 25, maxMs: 40 }, smallRequests: 10, smallP50Ms: 1, smallP99Ms: 30, bigRequests: 3, errors: 0, firstError: null };
    const v = verdicts({
      cells: [], switchboardRunPeakRssMb: 100, soak: null, micro: null,
      special: {
        slowReader: [{
          target: 'switchboard', route: 'openai', seconds: 15, clientBytes: 15_000, rssBeforeMb: 80, rssPeakMb: 84, rssGrowthMb: 4, rssGrowthSecondHalfMb: 0.1, rssSamplesMb: [84, 84],
          upstreamBytes: 3e6, upstreamBytesTotal: 50 * 1048576, upstreamWaiting: true, upstreamPaused: true, upstreamClosedAfterClientMs: 12,
        }],
        loopDelay: { bigKinds: ['openai stream'], bigOutputBytes: 1e6, phases: [phase] },
        retry: {
          plainP50Ms: 1, plainP99Ms: 2,
          cases: [{ name: '429', variant: 'fail429', requests: 10, errors: 0, firstError: null, p50Ms: 280, p99Ms: 300, addedP50Ms: 279, addedP99Ms: 298 }],
        },
      },
    });
    expect(v.find((x) => x.target.startsWith('slow reader'))?.pass).toBe(true);
    expect(v.find((x) => x.target.startsWith('event-loop delay'))?.pass).toBe(false);
    expect(v.find((x) => x.target.startsWith('same-model retry'))?.pass).toBe(true);
  });
});
