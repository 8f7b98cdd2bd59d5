// What each command needs: the desktop app Node 22.12+ (Electron 41 and its tooling), `serve` and the
// tests Node 20.19+; an older Node gets one plain message naming the way out.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without type declarations
import * as versions from '../../scripts/lib/node-version.mjs';

const lib = versions as {
  compareVersions(a: string, b: string): number;
  nodeVersionProblem(what: 'desktop' | 'serve', version?: string): string[] | null;
};

describe('node version checks', () => {
  it('compares versions numerically', () => {
    expect(lib.compareVersions('22.12.0', '22.12.0')).toBe(0);
    expect(lib.compareVersions('22.9.1', '22.12.0')).toBe(-1);
    expect(lib.compareVersions('24.0.0', '22.12.0')).toBe(1);
    expect(lib.compareVersions('20.19.0', '20.9.0')).toBe(1);
  });

  it('npm start on Node 20 says plainly what it needs and how to go on', () => {
    const lines = lib.nodeVersionProblem('desktop', '20.19.2')!;
    expect(lines[0]).toBe('switchboard: the desktop app (npm start) needs Node.js 22.12 or newer; this is Node 20.19.2.');
    expect(lines.join('\n')).toContain('npm run serve');
    expect(lib.nodeVersionProblem('desktop', '22.12.0')).toBeNull();
    expect(lib.nodeVersionProblem('serve', '20.19.0')).toBeNull();
    expect(lib.nodeVersionProblem('serve', '20.18.1')![0]).toContain('needs Node.js 20.19 or newer');
  });

  it('ensure-electron exits 1 with that message before touching Electron when Node is too old', () => {
    if (lib.nodeVersionProblem('desktop') === null) return; // this Node is new enough; electron-native.test.ts covers the rest
    const res = spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'ensure-electron.mjs')], { encoding: 'utf8', timeout: 20_000 });
    expect(res.status).toBe(1);
    expect(res.stderr.split('\n')[0]).toMatch(/^switchboard: the desktop app \(npm start\) needs Node\.js 22\.12 or newer; this is Node /);
  });
});
