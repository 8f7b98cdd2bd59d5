// A hostile upstream that sends one event of tiny data lines (`data:x`) forever, at the default limits.
// Each line costs the parser's heap some 64 bytes beyond its 2 characters, so counted by characters alone
// one such stream made the proxy hold ~1.2 GB before the stream's 128 MB budget cut it, and a handful at
// once ran the process out of heap. The lines are charged what they cost: the event is refused at its
// limit long before, the client gets the reason, the failure is classed as an event too large
// (invalid_output) and the proxy serves the next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, usageRow } from './helpers/hardening-kit';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

const STREAMS = 3;
/** the upstream gives up after this much, so that a proxy reading on to its stream budget fails fast, not by timing out */
const UPSTREAM_WRITES = 24 * 1024 * 1024;
/** what the upstream wrote to each request before the proxy stopped reading */
const written: number[] = [];
let h: Harness;
let hostile: RawUpstream;

beforeAll(async () => {
  h = await startHarness();
  hostile = await startRawUpstream((_body, res) => {
    const at = written.push(0) - 1;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.on('error', () => undefined);
    const block = 'data:x\n'.repeat(9362);
    const pump = (): void => {
      while (written[at]! < UPSTREAM_WRITES && !res.destroyed) {
        written[at]! += block.length;
        if (!res.write(block)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await h.app.service.createProvider({ id: 'tl', name: 'tiny lines', type: 'openai-compatible', base_url: `${hostile.origin}/v1`, api_key: 'sk-hostile-000000000000000000' });
  await h.app.service.createModel({ provider_id: 'tl', model_name: 'lines', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
});
afterAll(async () => {
  await h?.close();
  await hostile?.close();
});

const post = (body: unknown) => httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body), timeoutMs: 60_000 });

describe('one event of tiny data lines, at the default limits', () => {
  it('is refused at the event limit with the reason, classed as an event too large, and the proxy keeps serving', async () => {
    const results = await Promise.all(Array.from({ length: STREAMS }, () => post({ model: 'tl/lines', stream: true, messages: [{ role: 'user', content: 'hi' }] })));
    for (const res of results) {
      expect(res.status).toBe(502);
      expect(res.json.error.message).toMatch(`stream event larger than ${64 * 1024 * 1024} bytes`);
      const row = await usageRow(h.dataDir, res.headers['x-switchboard-request-id'] as string);
      expect(row).toMatchObject({ model_id: 'tl/lines', status: 502, error_kind: 'invalid_output' });
    }
    // the lines were charged: the proxy hung up after some 5 MB of them (the socket buffers hold a few MB
    // more), where counting characters alone read all 24 MB and would have read on to the stream's 128 MB
    expect(written).toHaveLength(STREAMS);
    for (const n of written) expect(n).toBeLessThan(UPSTREAM_WRITES);
    const next = await post({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] });
    expect(next.status).toBe(200);
  });
});
