import { describe, expect, it } from 'vitest';
import { looksLikeSwitchboard, startTimeFromStat } from './process-identity';

describe('startTimeFromStat', () => {
  it('reads field 22, also when the command name holds spaces and parentheses', () => {
    const tail = 'S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20 21';
    expect(startTimeFromStat(`42 (node) ${tail}`)).toBe('987654');
    expect(startTimeFromStat(`42 (a b) (c) ${tail}`)).toBe('987654');
    expect(startTimeFromStat('42 (x) S 1')).toBeNull();
  });
});

describe('looksLikeSwitchboard', () => {
  it('is what Switchboard runs under, or the executable its lock recorded', () => {
    expect(looksLikeSwitchboard('node', null)).toBe(true);
    expect(looksLikeSwitchboard('/Applications/Switchboard.app/Contents/MacOS/Switchboard', null)).toBe(true);
    expect(looksLikeSwitchboard('Electron', null)).toBe(true);
    expect(looksLikeSwitchboard('node.exe', null)).toBe(true);
    expect(looksLikeSwitchboard('node22', 'node22')).toBe(true);
    // Linux cuts a command name at 15 characters
    expect(looksLikeSwitchboard('switchboard-ins', 'switchboard-insiders')).toBe(true);
    expect(looksLikeSwitchboard('bash', null)).toBe(false);
    expect(looksLikeSwitchboard('sleep', 'node')).toBe(false);
  });
});
