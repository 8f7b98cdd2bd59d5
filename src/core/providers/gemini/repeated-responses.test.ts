import { describe, expect, it } from 'vitest';
import { REUSE_MIN_BYTES } from '../../forward-body';
import type { UpstreamTarget } from '../../canonical';
import { buildGeminiForwardRequest } from './index';
import { withoutRepeatedResponses } from './repeated-responses';

const call = (name: string, id?: string) => ({ functionCall: { name, args: {}, ...(id ? { id } : {}) } });
const response = (name: string, output: string, id?: string) => ({ functionResponse: { name, response: { output }, ...(id ? { id } : {}) } });
const model = (...parts: unknown[]) => ({ role: 'model', parts });
const user = (...parts: unknown[]) => ({ role: 'user', parts });

/** Gemini CLI 0.61's resumed session: the read_file answer twice after one call */
const resumed = () => [
  user({ text: 'read notes.txt' }),
  model(call('read_file', 'rf_0')),
  user(response('read_file', 'waves', 'rf_0'), response('read_file', 'waves', 'rf_0')),
  model({ text: 'It says waves.' }),
  user({ text: 'and now?' }),
];

const target: UpstreamTarget = { baseUrl: 'http://127.0.0.1:1', modelName: 'gemini-fake', apiKey: 'k' };

function sentBody(req: ReturnType<typeof buildGeminiForwardRequest>): any {
  return JSON.parse('bytes' in req && req.bytes ? new TextDecoder().decode(req.bytes) : (req.body as string));
}

describe('withoutRepeatedResponses', () => {
  it('drops the second response with the same id, leaving the client objects as they were', () => {
    const contents = resumed();
    const before = JSON.stringify(contents);
    const out = withoutRepeatedResponses(contents)!;
    expect(out[2]).toEqual(user(response('read_file', 'waves', 'rf_0')));
    expect(out[0]).toBe(contents[0]);
    expect(out[4]).toBe(contents[4]);
    expect(JSON.stringify(contents)).toBe(before);
  });

  it('drops id-less repeats of one call by name and answer, in order', () => {
    const contents = [model(call('ls'), call('read')), user(response('ls', 'a'), response('read', 'b'), response('ls', 'a'), response('read', 'b'))];
    expect(withoutRepeatedResponses(contents)![1]).toEqual(user(response('ls', 'a'), response('read', 'b')));
  });

  it('keeps two equal answers to two calls of one name, and a history without repeats untouched', () => {
    expect(withoutRepeatedResponses([model(call('ls'), call('ls')), user(response('ls', 'a'), response('ls', 'a'))])).toBeUndefined();
    expect(withoutRepeatedResponses([model(call('ls', 'x'), call('ls', 'y')), user(response('ls', 'a', 'x'), response('ls', 'a', 'y'))])).toBeUndefined();
    expect(withoutRepeatedResponses([user({ text: 'hi' }), model({ text: 'hello' })])).toBeUndefined();
    expect(withoutRepeatedResponses(undefined)).toBeUndefined();
  });

  it('counts the calls of a model turn split across consecutive model contents (@google/genai chats)', () => {
    // a call a streamed chunk: two calls of one name, two equal answers, none a repeat
    const split = [user({ text: 'ping two hosts' }), model(call('ping')), model(call('ping')), user(response('ping', 'ok'), response('ping', 'ok'))];
    expect(withoutRepeatedResponses(split)).toBeUndefined();
    // a resume's repeats after a split turn still go, the turn's other contents as they were
    const resumed = [model({ text: 'Looking.' }), model(call('ls')), model(call('read')), user(response('ls', 'a'), response('read', 'b'), response('ls', 'a'), response('read', 'b'))];
    const out = withoutRepeatedResponses(resumed)!;
    expect(out[3]).toEqual(user(response('ls', 'a'), response('read', 'b')));
    expect(out.slice(0, 3)).toEqual(resumed.slice(0, 3));
    // a model turn after a user one counts afresh
    expect(withoutRepeatedResponses([model(call('ls')), user(response('ls', 'a')), model(call('ls')), user(response('ls', 'a'), response('ls', 'a'))])![3]).toEqual(user(response('ls', 'a')));
  });

  it('leaves a turn alone whose responses do not outnumber the calls before it', () => {
    // the same id twice for two calls is the client's to explain, not a resume's repeat
    expect(withoutRepeatedResponses([model(call('ls', 'x'), call('ls', 'x')), user(response('ls', 'a', 'x'), response('ls', 'a', 'x'))])).toBeUndefined();
  });
});

describe('buildGeminiForwardRequest', () => {
  it('forwards a resumed session with one response and names the drop', () => {
    const body = { contents: resumed() };
    const req = buildGeminiForwardRequest(body, target, { stream: true });
    expect(req.dropped).toEqual(['functionResponse[repeated]']);
    expect(sentBody(req).contents[2].parts).toHaveLength(1);
    expect(body.contents[2]!.parts).toHaveLength(2);
  });

  it('forwards a body without repeats byte for byte, naming nothing', () => {
    const contents = [...resumed().slice(0, 2), user(response('read_file', 'w'.repeat(REUSE_MIN_BYTES), 'rf_0')), model({ text: 'ok' })];
    // the client's own layout: a copied contents would go out as JSON.stringify writes it
    const text = `{"contents":${JSON.stringify(contents, null, 2)},"generationConfig":{ "temperature": 0.2 }}`;
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const req = buildGeminiForwardRequest(parsed, target, { stream: false, raw: { bytes: new TextEncoder().encode(text), parsed } });
    expect(req.dropped).toBeUndefined();
    expect(new TextDecoder().decode((req as { bytes: Uint8Array }).bytes)).toBe(text);
  });
});
