import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HelpRequested, parseServeArgs, UsageError } from './args';

describe('parseServeArgs', () => {
  it('defaults to loopback, the proxy_port setting (4141 unless changed) and the XDG config dir', () => {
    const a = parseServeArgs([], { XDG_CONFIG_HOME: '/x/cfg' });
    expect(a).toEqual({ port: undefined, host: '127.0.0.1', dataDir: '/x/cfg/switchboard' });
  });

  it('reads the environment, and flags win over it', () => {
    const env = { SWITCHBOARD_PORT: '5000', SWITCHBOARD_HOST: '::1', SWITCHBOARD_DATA_DIR: '/d' };
    expect(parseServeArgs([], env)).toEqual({ port: 5000, host: '::1', dataDir: '/d' });
    expect(parseServeArgs(['--port', '0', '--host=127.0.0.1', '--data-dir', '/e'], env)).toEqual({ port: 0, host: '127.0.0.1', dataDir: '/e' });
  });

  it.each([['--port', 'abc'], ['--port', '70000'], ['--bogus'], ['--data-dir']])('refuses %s', (...argv) => {
    expect(() => parseServeArgs(argv, {})).toThrow(UsageError);
  });

  it('refuses an invalid SWITCHBOARD_PORT with the message the desktop app shows too', () => {
    expect(() => parseServeArgs([], { SWITCHBOARD_PORT: 'abc' })).toThrow(new UsageError('SWITCHBOARD_PORT: port must be an integer 0-65535, got "abc"'));
  });

  it('answers --help with the usage, which is no error: stdout, exit 0', () => {
    expect(() => parseServeArgs(['--help'], {})).toThrow(HelpRequested);
    const r = spawnSync(process.execPath, [join(__dirname, '../../scripts/serve.mjs'), '--help'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: npm run serve --');
  }, 130_000);
});
