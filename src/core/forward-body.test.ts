import { describe, expect, it } from 'vitest';
import { REUSE_MIN_BYTES, rawMember, rawMemberText, serializeAnswer, serializeForward, topLevelValues, type RawJsonBody } from './forward-body';

const enc = new TextEncoder();
const PAD = `"pad":"${'p'.repeat(REUSE_MIN_BYTES)}"`;
/** a body big enough for its bytes to be reused: a `pad` member last */
const padded = (text: string): string => text.replace(/\}\s*$/, `,${PAD}}`);
const rawOf = (text: string, pad = true): RawJsonBody => {
  const t = pad ? padded(text) : text;
  return { bytes: enc.encode(t), parsed: JSON.parse(t) as Record<string, unknown> };
};
const textOf = (out: { body: string } | { bytes: Uint8Array }): string => ('body' in out ? out.body : new TextDecoder().decode(out.bytes));
const slices = (text: string): Record<string, string> => {
  const bytes = enc.encode(text);
  return Object.fromEntries([...topLevelValues(bytes)!].map(([k, [a, b]]) => [k, new TextDecoder().decode(bytes.subarray(a, b))]));
};

describe('topLevelValues', () => {
  it('finds each top-level value, whatever its strings and nesting hold', () => {
    const text = ' { "model" : "gpt" ,\n "messages":[{"role":"user","content":"a \\"quoted\\" ]} and a \\\\"}],'
      + '"n": -1.5e3, "flag":true, "none":null, "empty":{}, "é\\u00e9": "x", "deep": {"a":[[1,{"b":"}"}]]} }  ';
    expect(slices(text)).toEqual({
      model: '"gpt"',
      messages: '[{"role":"user","content":"a \\"quoted\\" ]} and a \\\\"}]',
      n: '-1.5e3', flag: 'true', none: 'null', empty: '{}', 'éé': '"x"', deep: '{"a":[[1,{"b":"}"}]]}',
    });
  });

  it('keeps the last of a repeated key, as JSON.parse does', () => {
    expect(slices('{"model":"a","x":1,"model":"b"}')).toEqual({ model: '"b"', x: '1' });
  });

  it('is null for what is not one JSON object', () => {
    for (const text of ['[1,2]', '"s"', '{"a":1', '{"a" 1}', '{"a":"unterminated}', '', '{"a":1}x']) {
      expect(topLevelValues(enc.encode(text)), text).toBeNull();
    }
    expect(topLevelValues(enc.encode('{}'))).toEqual(new Map());
  });
});

describe('serializeForward', () => {
  const client = '{"messages": [ {"role": "user", "content": "line\\nbreak \\"q\\" é"} ],\n  "model": "auto", "seed": 12345678901234567890, "stream": true, "user": "u"}';

  it('means what JSON.stringify means, with the unchanged values as the client wrote them', () => {
    const raw = rawOf(client);
    const { user: _user, ...rest } = raw.parsed;
    const edited = { ...rest, model: 'real-model', stream_options: { include_usage: true }, gone: undefined };
    const out = serializeForward(edited, raw);
    expect('bytes' in out).toBe(true);
    const text = textOf(out);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(edited)));
    expect(Object.keys(JSON.parse(text))).toEqual(['messages', 'model', 'seed', 'stream', 'pad', 'stream_options']);
    // the client's spacing inside values and its big integer survive; JSON.stringify would round the integer
    expect(text).toContain('[ {"role": "user", "content": "line\\nbreak \\"q\\" é"} ]');
    expect(text).toContain('"seed":12345678901234567890');
  });

  it('serialises a value that is not the parsed one, even when it sits under the same key', () => {
    const raw = rawOf('{"model":"a","input":[{"role":"user","content":"old"}],"metadata":{"k":"v"}}');
    const edited = { ...raw.parsed, input: [{ role: 'user', content: 'new' }], metadata: { ...(raw.parsed.metadata as object) } };
    expect(JSON.parse(textOf(serializeForward(edited, raw)))).toEqual(edited);
  });

  it('falls back to JSON.stringify without the bytes, when they are not an object, and for a small body', () => {
    const body = { model: 'm', messages: [] };
    expect(serializeForward(body, undefined)).toEqual({ body: JSON.stringify(body) });
    expect(serializeForward(body, { bytes: enc.encode(`[${PAD.replace('"pad":', '')}]`), parsed: {} })).toEqual({ body: JSON.stringify(body) });
    const small = rawOf('{"model":"auto","messages":[],"seed":12345678901234567890}', false);
    expect(serializeForward({ ...small.parsed, model: 'm' }, small)).toEqual({ body: JSON.stringify({ ...small.parsed, model: 'm' }) });
  });

  it('round-trips bodies with every kind of value at the top level', () => {
    const text = JSON.stringify({
      a: 'x'.repeat(300), b: [1, 'two', { three: [3] }], c: { nested: { deeper: 'é👋' } }, d: 0, e: false, f: null, g: '',
      ['long key '.repeat(30)]: 1, 'quote"key': 2,
    }, null, 2);
    const raw = rawOf(text);
    for (const edit of [{}, { d: 1 }, { a: 'changed' }, { z: 'added' }]) {
      const body = { ...raw.parsed, ...edit };
      expect(JSON.parse(textOf(serializeForward(body, raw)))).toEqual(body);
    }
  });

  it('reuses the client\'s bytes in an answer only for the big members it echoes', () => {
    const raw = rawOf('{"model":"m","instructions":"' + 'x\\n'.repeat(100) + '","tools":[{"name":"t"}],"temperature":0.50}');
    const echo = { id: 'resp_1', instructions: raw.parsed.instructions, tools: raw.parsed.tools, temperature: 0.5, output: [] };
    const out = serializeAnswer(echo, raw);
    expect('bytes' in out).toBe(true);
    expect(JSON.parse(textOf(out))).toEqual(echo);
    expect(serializeAnswer({ id: 'c', choices: [{ text: 'hi' }], model: 'm' }, raw)).toEqual({ body: JSON.stringify({ id: 'c', choices: [{ text: 'hi' }], model: 'm' }) });
    expect(serializeAnswer([1, 2], raw)).toEqual({ body: '[1,2]' });
    const small = rawOf('{"instructions":"' + 'x'.repeat(300) + '"}', false);
    expect(serializeAnswer({ instructions: small.parsed.instructions }, small)).toEqual({ body: JSON.stringify({ instructions: small.parsed.instructions }) });
    expect(rawMember(raw, 'tools', [{ name: 't' }])).toBeUndefined();
    expect(rawMemberText(raw, 'tools', raw.parsed.tools)).toBe('[{"name":"t"}]');
  });
});
