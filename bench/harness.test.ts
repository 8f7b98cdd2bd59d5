// The bench's own moving parts over real HTTP on 127.0.0.1: the fake upstream (both formats,
// streaming and not, paced), the bare pass-through, the load generator and the /proc readings.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, type RunningChild } from './child';
import { runLoad } from './load';
import { configureUpstream } from './measure';
import { cpuMicros, memoryMb } from './proc-stats';
import { connect } from 'node:net';
import { ANTHROPIC_HEADERS, GEMINI_HEADERS, OPENAI_HEADERS, anthropicBody, geminiBody, geminiPath, openaiBody, responsesBody } from './requests';
import type { BulkStats } from './upstream-config';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = ['--import', 'tsx'];
let upstream: RunningChild;
let passThrough: RunningChild;
let direct: Pool;
let proxied: Pool;

const openai = (stream: boolean) => ({ path: '/v1/chat/completions', headers: OPENAI_HEADERS, body: openaiBody('bench-model', stream) });
const anthropic = (stream: boolean) => ({ path: '/v1/messages', headers: ANTHROPIC_HEADERS, body: anthropicBody('bench-model', stream) });
const gemini = (stream: boolean) => ({ path: geminiPath('bench-model', stream), headers: GEMINI_HEADERS, body: geminiBody() });
const responses = (stream: boolean) => ({ path: '/v1/responses', headers: OPENAI_HEADERS, body: responsesBody('bench-model', stream) });

beforeAll(async () => {
  upstream = await startChild('fake upstream', process.execPath, [...tsx, join(root, 'bench/fake-upstream.ts')], { cwd: root });
  passThrough = await startChild('pass-through', process.execPath, [...tsx, join(root, 'bench/pass-through.ts'), upstream.url], { cwd: root });
  direct = new Pool(upstream.url);
  proxied = new Pool(passThrough.url);
});

afterAll(async () => {
  await Promise.all([direct?.close(), proxied?.close()]);
  await Promise.all([passThrough?.stop(), upstream?.stop()]);
});

describe('fake upstream and pass-through', () => {
  it('answer all four formats, streaming and not, with every piece stamped', async () => {
    await configureUpstream(upstream.url, { ttftMs: 0, chunks: 20, pacingMs: 0 });
    for (const pool of [direct, proxied]) {
      for (const req of [openai(false), anthropic(false), gemini(false), responses(false)]) {
        const r = await runLoad(pool, req, { concurrency: 2, durationMs: 5_000, maxRequests: 10 });
        expect(r.errors, r.firstError ?? '').toBe(0);
        expect(r.requests).toBe(10);
        expect(r.pieces).toBe(0);
      }
      for (const req of [openai(true), anthropic(true), gemini(true), responses(true)]) {
        const r = await runLoad(pool, req, { concurrency: 2, durationMs: 5_000, maxRequests: 4 });
        expect(r.errors, r.firstError ?? '').toBe(0);
        expect(r.pieces).toBe(4 * 20);
        expect(r.chunkLags.every((lag) => lag > -5 && lag < 1_000)).toBe(true);
      }
    }
  });

  it('honours the first-token delay and the pacing, and a paced stream arrives piece by piece', async () => {
    await configureUpstream(upstream.url, { ttftMs: 40, chunks: 5, pacingMs: 20 });
    const r = await runLoad(proxied, openai(true), { concurrency: 1, durationMs: 10_000, maxRequests: 2 });
    expect(r.errors, r.firstError ?? '').toBe(0);
    expect(Math.min(...r.ttfbs)).toBeGreaterThanOrEqual(39);
    expect(Math.min(...r.latencies)).toBeGreaterThanOrEqual(39 + 4 * 19);
    expect(r.pieces).toBe(10);
    expect(r.sharedReadPieces).toBe(0);
  });

  it('refuses a bad config and unknown paths', async () => {
    const bad = await fetch(`${upstream.url}/__bench/config`, { method: 'POST', body: '{"chunks":"many"}' });
    expect(bad.status).toBe(400);
    const r = await runLoad(direct, { ...openai(false), path: '/v1/nothing' }, { concurrency: 1, durationMs: 5_000, maxRequests: 1 });
    expect(r.errors).toBe(1);
    expect(r.firstError).toMatch(/HTTP 404/);
  });

  it('serves the special behaviours by path prefix: a 429 before every other answer, 1 MB with no usage', async () => {
    await configureUpstream(upstream.url, { ttftMs: 0, chunks: 5, pacingMs: 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${upstream.url}/__429once/v1/chat/completions`, { method: 'POST', body: openai(false).body })).status);
    expect(statuses).toEqual([429, 200, 429, 200]);
    const ra = await fetch(`${upstream.url}/__429once-ra/v1/chat/completions`, { method: 'POST', body: openai(false).body });
    expect([ra.status, ra.headers.get('retry-after-ms')]).toEqual([429, '100']);
    await fetch(`${upstream.url}/__429once-ra/v1/chat/completions`, { method: 'POST', body: openai(false).body });
    const big = (await (await fetch(`${upstream.url}/__big/v1/chat/completions`, { method: 'POST', body: openai(false).body })).json()) as Record<string, unknown>;
    expect(big.usage).toBeUndefined();
    expect(JSON.stringify(big).length).toBeGreaterThan(1_000_000);
    const streamed = await (await fetch(`${upstream.url}/__big/v1/chat/completions`, { method: 'POST', body: openai(true).body })).text();
    expect(streamed.length).toBeGreaterThan(1_000_000);
    expect(streamed).not.toContain('"usage"');
    expect(streamed.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('holds a bulk stream back while its reader reads nothing, and notices the reader leave', async () => {
    const socket = connect(Number(new URL(upstream.url).port), '127.0.0.1');
    const body = openai(true).body;
    socket.write(`POST /__bulk/v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const stats = async (): Promise<BulkStats> => (await (await fetch(`${upstream.url}/__bench/bulk`)).json()) as BulkStats;
    let s = await stats();
    for (let i = 0; i < 100 && !s.waitingForDrain; i++) {
      await new Promise((r) => setTimeout(r, 20));
      s = await stats();
    }
    expect(s.waitingForDrain).toBe(true);
    expect(s.bytesWritten).toBeLessThan(50 * 1048576);
    socket.destroy();
    for (let i = 0; i < 100 && s.closedAfterMs === null; i++) {
      await new Promise((r) => setTimeout(r, 20));
      s = await stats();
    }
    expect(s.closedAfterMs).not.toBeNull();
    expect(s.finished).toBe(false);
  });

  it('reads CPU time and memory of a child process from /proc', async () => {
    await configureUpstream(upstream.url, { ttftMs: 0, chunks: 50, pacingMs: 0 });
    const before = cpuMicros(upstream.pid);
    await runLoad(direct, openai(true), { concurrency: 4, durationMs: 300 });
    expect(cpuMicros(upstream.pid)).toBeGreaterThan(before);
    const mem = memoryMb(upstream.pid);
    expect(mem.rssMb).toBeGreaterThan(10);
    expect(mem.peakRssMb).toBeGreaterThanOrEqual(mem.rssMb);
  });
});
