// serialise: what body capture stores of a body, its keys redacted and its length bounded, reading only
// as much of the body as that needs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../core/redact';
import { captureWindow, MAX_BODY_CHARS, serialise } from './body-capture';

/** A provider key of no known shape: found only because it is held. */
const HELD = 'QX7Z-M2K9-PL4V-R8T3-WY6N-HJ5C';
const PATTERNED = 'sk-ant-api03-QX7ZM2K9PL4VR8T3WY6NHJ5C';

/** No three characters of `key` in a row: not even a piece of it was stored. */
function expectNoPieceOf(stored: string, key: string): void {
  for (let i = 0; i + 3 <= key.length; i++) expect(stored.includes(key.slice(i, i + 3)), `${key.slice(i, i + 3)} stored`).toBe(false);
}

describe('serialise', () => {
  it('prints a request as JSON.stringify does, indented, secret-named fields blanked', () => {
    for (const fixture of ['anthropic/claude-code-first', 'responses/codex-first-turn', 'gemini/cli-first-turn']) {
      const body = JSON.parse(readFileSync(`test/fixtures/${fixture}.request.json`, 'utf8')) as Record<string, unknown>;
      expect(serialise(body)).toBe(redactSecrets(JSON.stringify(body, null, 2)));
    }
    const odd = { a: undefined, b: [undefined, () => 1, NaN, {}, []], api_key: 'x', token: null, n: { key: 'y', at: new Date(0) } };
    expect(serialise(odd)).toBe(JSON.stringify({ ...odd, api_key: '[REDACTED]', n: { key: '[REDACTED]', at: new Date(0) } }, null, 2));
  });

  it('stores no piece of a key the 256K cut or the end of what is read goes through, text or JSON', () => {
    const window = captureWindow([HELD]);
    const spaced = [...HELD].join(' ');
    for (const key of [HELD, PATTERNED, spaced]) {
      for (const at of [MAX_BODY_CHARS - 40, MAX_BODY_CHARS - 5, MAX_BODY_CHARS + 3, window - 20, window - 1]) {
        for (const start of [at - 3, at - Math.floor(key.length / 2)]) {
          const text = `${'.'.repeat(start)}${key}${'.'.repeat(MAX_BODY_CHARS)}`;
          const stored = serialise(text, [HELD])!;
          expect(stored.length).toBeLessThanOrEqual(MAX_BODY_CHARS + 40);
          expectNoPieceOf(stored, key.replace(/ /g, ''));
          const asJson = serialise({ messages: [{ role: 'user', content: text.slice(24) }] }, [HELD])!;
          expectNoPieceOf(asJson, key.replace(/ /g, ''));
        }
      }
    }
  });

  it('keeps less than 256K rather than a piece of a key when redaction shortened what was read', () => {
    // each held key in the first 256K becomes [REDACTED], 19 characters shorter: the cut key moves into the kept part
    const many = `${HELD} `.repeat(Math.ceil(MAX_BODY_CHARS / (HELD.length + 1)));
    const window = captureWindow([HELD]);
    const text = `${many}${'.'.repeat(window - many.length - 10)}${HELD}${'.'.repeat(1000)}`;
    const stored = serialise(text, [HELD])!;
    expectNoPieceOf(stored, HELD);
    expect(stored).toMatch(/cut at \d+ characters\)$/);
  });

  it('reads no more of a body than it stores and the room for keys past it', () => {
    let read = 0;
    const item = { toJSON: () => ((read += 1), { role: 'user', content: 'x'.repeat(100) }) };
    const stored = serialise({ messages: Array.from({ length: 1_000_000 }, () => item) })!;
    expect(stored).toMatch(/cut at 262144 characters\)$/);
    expect(read).toBeLessThan(captureWindow() / 100);
  });
});
