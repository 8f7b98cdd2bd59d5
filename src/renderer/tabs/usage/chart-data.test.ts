import { describe, expect, it } from 'vitest';
import { axisUsd, chartDays, costByProvider, dayFigure, dayRange, niceAxis, perDay, spendText, stackedMax } from './chart-data';

describe('chart data', () => {
  it('builds a continuous day range across a month end', () => {
    expect(dayRange('2024-03-02', 4)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
  });

  it('covers exactly the range the summary is for', () => {
    expect(chartDays({ days: 2, to: '2024-05-10' })).toEqual(['2024-05-09', '2024-05-10']);
    expect(chartDays({ days: 1, to: '2024-05-09' })).toEqual(['2024-05-09']);
  });

  it('fills missing days with null', () => {
    expect(perDay(['a', 'b', 'c'], [{ day: 'b', v: 3 }], (r) => r.v)).toEqual([null, 3, null]);
  });

  it('stacks cost by provider, biggest first, folding the tail into other', () => {
    const days = ['d1', 'd2'];
    const row = (day: string, provider: string, cost_usd: number) => ({ day, provider, cost_usd, requests: 1, input_tokens: 0, output_tokens: 0, unpriced_requests: 0, errors: 0 });
    const rows = [row('d1', 'a', 1), row('d2', 'b', 5), row('d2', 'c', 0.5), row('d1', 'd', 0.1), row('zz', 'a', 100)];
    const series = costByProvider(days, rows, 3);
    expect(series.map((s) => s.name)).toEqual(['a', 'b', 'other']);
    expect(series[1]!.values).toEqual([0, 5]);
    expect(series[2]!.values).toEqual([0.1, 0.5]);
    expect(stackedMax(series)).toBe(5.5);
  });

  it('counts requests of unknown cost apart, never as $0', () => {
    const days = ['d1', 'd2'];
    const row = (day: string, provider: string, cost_usd: number | null, requests: number, unpriced_requests: number) =>
      ({ day, provider, cost_usd, requests, unpriced_requests, input_tokens: 0, output_tokens: 0, errors: 0 });
    // d2: provider a is priced (one of its three requests unpriced), provider b wholly unpriced
    const rows = [row('d1', 'a', 0.5, 1, 0), row('d2', 'a', 1.15, 3, 1), row('d2', 'b', null, 2, 2)];
    const [a, b] = costByProvider(days, rows);
    expect(b).toEqual({ name: 'b', values: [0, 0], requests: [0, 2], unpriced: [0, 2] });
    expect(spendText(dayFigure([b!], 1))).toEqual({ value: 'unknown', note: '+ 2 requests unpriced' });
    expect(spendText(dayFigure([a!], 1))).toEqual({ value: '$1.15', note: '+ 1 request unpriced' });
    expect(spendText(dayFigure([a!, b!], 1))).toEqual({ value: '$1.15', note: '+ 3 requests unpriced' });
    expect(spendText(dayFigure([a!, b!], 0))).toEqual({ value: '$0.50', note: '' });
    // a day without requests is $0: nothing was spent
    expect(spendText(dayFigure([b!], 0))).toEqual({ value: '$0.00', note: '' });
    // the folded tail keeps its counts too
    const folded = costByProvider(days, [...rows, row('d2', 'c', null, 4, 4)], 2);
    expect(folded.map((s) => s.name)).toEqual(['a', 'other']);
    expect(spendText(dayFigure([folded[1]!], 1))).toEqual({ value: 'unknown', note: '+ 6 requests unpriced' });
  });

  it('picks round axis steps', () => {
    expect(niceAxis(0)).toEqual({ max: 1, step: 0.25 });
    expect(niceAxis(34)).toEqual({ max: 40, step: 10 });
    expect(niceAxis(100)).toEqual({ max: 100, step: 20 });
    expect(niceAxis(0.3)).toEqual({ max: 0.3, step: 0.1 });
    expect(niceAxis(7.2)).toEqual({ max: 8, step: 2 });
    expect(niceAxis(0.0000595)).toEqual({ max: 0.00006, step: 0.00002 });
  });

  it('keeps count axes in whole numbers', () => {
    expect(niceAxis(1, true)).toEqual({ max: 1, step: 1 });
    expect(niceAxis(3, true)).toEqual({ max: 3, step: 1 });
    expect(niceAxis(9, true)).toEqual({ max: 10, step: 2 });
    expect(niceAxis(28, true)).toEqual({ max: 30, step: 10 });
    expect(niceAxis(0, true)).toEqual({ max: 1, step: 1 });
  });
});

describe('axisUsd', () => {
  it('labels every tick with the decimals the step needs', () => {
    const { step, max } = niceAxis(0.12);
    expect(step).toBe(0.025);
    const ticks: string[] = [];
    for (let v = 0; v <= max + step / 1e6; v += step) ticks.push(axisUsd(v, step));
    expect(ticks).toEqual(['$0', '$0.025', '$0.050', '$0.075', '$0.100', '$0.125']);
  });

  it('keeps cents for coarser steps, finer digits for tiny ones, compact from $1,000', () => {
    expect(axisUsd(5, 2.5)).toBe('$5.00');
    expect(axisUsd(0.2, 0.1)).toBe('$0.20');
    expect(axisUsd(0.0005, 0.00025)).toBe('$0.00050');
    expect(axisUsd(2500, 500)).toBe('$2.5K');
  });
});
