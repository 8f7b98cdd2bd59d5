import { describe, expect, it } from 'vitest';
import { UsageError, parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  it('has full-run defaults and shorter quick ones', () => {
    const full = parseBenchArgs([], '/out');
    expect(full).toMatchObject({ quick: false, soakSeconds: 0, measureMs: 1000, rounds: 2, micro: true, outDir: '/out' });
    expect(full.targets).toEqual(['direct', 'pass-through', 'switchboard', 'portkey']);
    expect(parseBenchArgs(['--quick'], '/out')).toMatchObject({ quick: true, measureMs: 300, rounds: 1 });
  });

  it('reads the soak, the target subset and the filter', () => {
    const a = parseBenchArgs(['--soak', '300', '--targets', 'switchboard', '--filter', 'json c1'], '/out');
    expect(a.soakSeconds).toBe(300);
    expect(a.targets).toEqual(['direct', 'switchboard']);
    expect(a.filter).toBe('json c1');
  });

  it('rejects unknown flags, bad numbers and unknown targets', () => {
    expect(() => parseBenchArgs(['--fast'], '/out')).toThrow(UsageError);
    expect(() => parseBenchArgs(['--soak', 'x'], '/out')).toThrow(UsageError);
    expect(() => parseBenchArgs(['--targets', 'litellm'], '/out')).toThrow(UsageError);
  });

  it('runs the special cells unless a filter narrows the run, and takes a baseline ref', () => {
    expect(parseBenchArgs([], '/out')).toMatchObject({ special: true, baseline: null });
    expect(parseBenchArgs(['--filter', 'json'], '/out').special).toBe(false);
    expect(parseBenchArgs(['--filter', 'json', '--special'], '/out').special).toBe(true);
    expect(parseBenchArgs(['--no-special'], '/out').special).toBe(false);
    expect(parseBenchArgs(['--baseline', 'main~3'], '/out').baseline).toBe('main~3');
    expect(() => parseBenchArgs(['--baseline'], '/out')).toThrow(UsageError);
  });
});
