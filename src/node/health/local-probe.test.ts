import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot, ProviderEntry } from '../../core/catalog';
import type { HealthReport } from '../catalog/catalog-store';
import { LocalProbe } from './local-probe';
import type { ProbeResult } from './tcp-probe';


const makeProvider = (over: Partial<ProviderEntry> & { id: string }): ProviderEntry => ({
  name: over.id, type: 'openai', format: 'openai', baseUrl: 'https://api.example.com/v1',
  enabled: true, priority: 0, hasKey: true, keyless: false, local: false, ...over,
});
function setup(up: Set<string>, initiallyDown: string[] = []) {
  const providers = new Map([
    ['ollama', makeProvider({ id: 'ollama', type: 'ollama', local: true, keyless: true, baseUrl: 'http://127.0.0.1:11434/v1' })],
    ['lmstudio', makeProvider({ id: 'lmstudio', type: 'lmstudio', local: true, keyless: true, baseUrl: 'http://127.0.0.1:1234/v1' })],
    ['off', makeProvider({ id: 'off', local: true, enabled: false, baseUrl: 'http://127.0.0.1:9/v1' })],
    ['openai', makeProvider({ id: 'openai', local: false, baseUrl: 'https://api.openai.com/v1' })],
  ]);
  const written: [string, HealthReport][] = [];
  const probed: string[] = [];
  const probe = new LocalProbe({
    catalog: { snapshot: () => ({ providers }) as unknown as CatalogSnapshot, recordHealth: (id, r) => written.push([id, r]) },
    initiallyDown,
    probe: async (url): Promise<ProbeResult> => {
      probed.push(url);
      return [...up].some((id) => providers.get(id)?.baseUrl === url) ? { ok: true, latencyMs: 1 } : { ok: false, reason: 'ECONNREFUSED' };
    },
  });
  return { probe, written, probed };
}

describe('LocalProbe', () => {
  it('keeps a server a connection test found not running out, writing nothing more until a probe finds it up', async () => {
    const up = new Set<string>();
    const { probe, written } = setup(up);
    probe.noteUnreachable('ollama');
    expect(probe.isDown('ollama')).toBe(true);
    await probe.probeAll();
    expect(written.filter(([id]) => id === 'ollama')).toEqual([]);
    up.add('ollama');
    await probe.probeAll();
    expect(probe.isDown('ollama')).toBe(false);
    expect(written.filter(([id]) => id === 'ollama')).toEqual([['ollama', expect.objectContaining({ ok: true })]]);
  });

  it('probes an Ollama on the LAN too (a runtime of one\'s own, not on this machine for the privacy guard)', async () => {
    const providers = new Map([['lan', makeProvider({ id: 'lan', type: 'ollama', local: false, keyless: true, baseUrl: 'http://192.168.1.20:11434/v1' })]]);
    const probed: string[] = [];
    const probe = new LocalProbe({
      catalog: { snapshot: () => ({ providers }) as unknown as CatalogSnapshot, recordHealth: () => undefined },
      initiallyDown: [],
      probe: async (url): Promise<ProbeResult> => {
        probed.push(url);
        return { ok: false, reason: 'ECONNREFUSED' };
      },
    });
    await probe.probeAll();
    expect(probed).toEqual(['http://192.168.1.20:11434/v1']);
    expect(probe.isDown('lan')).toBe(true);
  });

  it('probes only enabled local providers and marks the silent ones down, writing "not running" once', async () => {
    const s = setup(new Set(['lmstudio']));
    await s.probe.probeAll();
    expect(s.probed.sort()).toEqual(['http://127.0.0.1:11434/v1', 'http://127.0.0.1:1234/v1']);
    expect(s.probe.isDown('ollama')).toBe(true);
    expect(s.probe.isDown('lmstudio')).toBe(false);
    expect(s.probe.isDown('openai')).toBe(false);
    expect(s.written).toEqual([
      ['ollama', { ok: false, notRunning: true, latencyMs: null, message: 'not running: nothing answers at 127.0.0.1:11434 (ECONNREFUSED)' }],
      ['lmstudio', { ok: true, latencyMs: 1, message: '127.0.0.1:1234 answers' }],
    ].sort((a, b) => (a[0]! < b[0]! ? 1 : -1)));
    s.written.length = 0;
    await s.probe.probeAll();
    expect(s.written).toEqual([]);
  });

  it('brings a provider back when it answers again, or when a test or request reached it', async () => {
    const up = new Set<string>();
    const s = setup(up, ['ollama']);
    expect(s.probe.isDown('ollama')).toBe(true);
    up.add('ollama');
    await s.probe.probeAll();
    expect(s.probe.isDown('ollama')).toBe(false);
    expect(s.written.find(([id]) => id === 'ollama')?.[1]).toMatchObject({ ok: true });
    up.delete('ollama');
    await s.probe.probeAll();
    expect(s.probe.isDown('ollama')).toBe(true);
    s.probe.noteReachable('ollama');
    expect(s.probe.isDown('ollama')).toBe(false);
  });

  it('confirms a server a request could not connect to: down and written not running when nothing answers, one probe for callers at once', async () => {
    const up = new Set<string>(['ollama', 'lmstudio']);
    const s = setup(up);
    await s.probe.probeAll();
    up.delete('ollama');
    s.probed.length = 0;
    s.written.length = 0;
    expect(await Promise.all([s.probe.confirmDown('ollama'), s.probe.confirmDown('ollama')])).toEqual([true, true]);
    expect(s.probed).toEqual(['http://127.0.0.1:11434/v1']);
    expect(s.probe.isDown('ollama')).toBe(true);
    expect(s.written).toEqual([['ollama', expect.objectContaining({ ok: false, notRunning: true })]]);
    // a server that answers (it reset one connection) stays in; a cloud or disabled provider is not probed
    expect(await s.probe.confirmDown('lmstudio')).toBe(false);
    expect(s.probe.isDown('lmstudio')).toBe(false);
    expect(await s.probe.confirmDown('openai')).toBe(false);
    expect(await s.probe.confirmDown('off')).toBe(false);
    expect(s.probed).toEqual(['http://127.0.0.1:11434/v1', 'http://127.0.0.1:1234/v1']);
  });

  describe('a failed connection test remembered over a restart', () => {
    /** the report the probe writes when ollama, tested with `report` while up, stops and starts again */
    async function restartedAfter(report: HealthReport, between?: (probe: LocalProbe) => void): Promise<HealthReport | undefined> {
      const up = new Set(['ollama']);
      const { probe, written } = setup(up);
      await probe.probeAll();
      probe.noteTestFailed('ollama', report);
      between?.(probe);
      up.delete('ollama');
      await probe.probeAll();
      up.add('ollama');
      written.length = 0;
      await probe.probeAll();
      return written.find(([id]) => id === 'ollama')?.[1];
    }
    const notFound: HealthReport = { ok: false, latencyMs: 3, status: 404, message: 'HTTP 404: no route /nope/v1/models' };

    it('restores a failure that shows a misconfiguration: 404, 401, 403, a 2xx no listing, https to plain http', async () => {
      expect(await restartedAfter(notFound)).toEqual(notFound);
      for (const status of [401, 403, 200]) {
        const report = { ok: false, latencyMs: 3, status, message: `HTTP ${status}` };
        expect(await restartedAfter(report)).toEqual(report);
      }
      const tls = { ok: false, latencyMs: 3, status: null, message: 'upstream connection failed: the server at 127.0.0.1:11434 answers plain HTTP, not HTTPS: use http://' };
      expect(await restartedAfter(tls)).toEqual(tls);
    });

    it('does not restore a transient one (a timeout, a 429, a 5xx, a reset connection): the server answers', async () => {
      const transient: HealthReport[] = [
        { ok: false, latencyMs: 15_000, status: null, message: 'upstream timed out after 15000 ms' },
        { ok: false, latencyMs: 3, status: 429, message: 'HTTP 429: slow down' },
        { ok: false, latencyMs: 3, status: 503, message: 'HTTP 503: loading model' },
        { ok: false, latencyMs: 3, status: null, message: 'upstream connection failed: ECONNRESET' },
      ];
      for (const report of transient) {
        expect(await restartedAfter(report)).toEqual(expect.objectContaining({ ok: true, message: '127.0.0.1:11434 answers' }));
      }
      // and a transient failure after a misconfigured one says the last test was not the misconfiguration
      expect(await restartedAfter(notFound, (probe) => probe.noteTestFailed('ollama', transient[0]!)))
        .toEqual(expect.objectContaining({ ok: true, message: '127.0.0.1:11434 answers' }));
    });

    it('forgets it when the provider changes or is deleted (noteWorking)', async () => {
      expect(await restartedAfter(notFound, (probe) => probe.noteWorking('ollama')))
        .toEqual(expect.objectContaining({ ok: true, message: '127.0.0.1:11434 answers' }));
    });
  });
});
