import { describe, expect, it } from 'vitest';
import { containsSecret, jsonContainsSecret, legacyMaskKey, maskKey, maskMatches, redactSecrets } from './redact';

const KEY = 'CanaryQ7xZk2Lm9Wv4Rt8Yp3Nb6Hd1Jf5';
const SLASHY = 'k3y+with/slash=and+plus0123';

describe('redactSecrets with known keys', () => {
  const spellings: [string, string][] = [
    ['as is', `bad key ${KEY}!`],
    ['spaced out', `bad key ${[...KEY].join(' ')}!`],
    ['spaced irregularly', `bad key ${KEY.slice(0, 5)}  ${KEY.slice(5, 9)}\n${KEY.slice(9)}`],
    ['percent-encoded whole', `key=${[...KEY].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`],
    ['percent-encoded upper case', `key=${[...KEY].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('')}`],
    ['encodeURIComponent', `key=${encodeURIComponent(SLASHY)}`],
    ['base64', `auth ${Buffer.from(KEY).toString('base64')}`],
    ['base64 of Basic user:key', `Authorization: Basic ${Buffer.from(`user:${KEY}`).toString('base64')}`],
    ['base64 at offset 2', Buffer.from(`ab${KEY}xyz`).toString('base64')],
    ['base64url', Buffer.from(`x${SLASHY}`).toString('base64url')],
  ];

  it.each(spellings)('catches the key %s', (_what, text) => {
    const key = text.includes(encodeURIComponent(SLASHY)) || _what === 'base64url' ? SLASHY : KEY;
    expect(containsSecret(text, [key])).toBe(true);
    const out = redactSecrets(text, [key]);
    expect(out).toContain('[REDACTED]');
    expect(containsSecret(out, [key])).toBe(false);
  });

  // an upstream's error text echoing the key case-changed, or with invisible format characters (Unicode Cf) in it
  const zw = (key: string, mark: string) => [...key].join(mark);
  const disguised: [string, string][] = [
    ['upper-cased', `Invalid API key: ${KEY.toUpperCase()}.`],
    ['lower-cased', `invalid api key: ${KEY.toLowerCase()}.`],
    ['case-swapped in part', `key ${KEY.slice(0, 10).toUpperCase()}${KEY.slice(10).toLowerCase()}`],
    ['with zero-width spaces', `key ${zw(KEY, '\u200b')}`],
    ['with one zero-width joiner', `key ${KEY.slice(0, 7)}\u200d${KEY.slice(7)}`],
    ['with soft hyphens and a BOM', `key ${KEY.slice(0, 4)}\u00ad${KEY.slice(4, 20)}\ufeff${KEY.slice(20)}`],
    ['with a tag character (beyond the BMP)', `key ${KEY.slice(0, 9)}\u{e0041}${KEY.slice(9)}`],
    ['upper-cased with zero-width spaces and spaces', `key ${zw(KEY.toUpperCase(), '\u200b ')}`],
    ['upper-cased and percent-encoded', `key=${[...KEY.toUpperCase()].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`],
    ['with a variation selector', `key ${KEY.slice(0, 5)}\ufe0f${KEY.slice(5)}`],
    ['with a combining grapheme joiner and a Hangul filler', `key ${KEY.slice(0, 5)}\u034f${KEY.slice(5, 12)}\u3164${KEY.slice(12)}`],
    ['with a variation selector beyond the BMP', `key ${KEY.slice(0, 9)}\u{e0100}${KEY.slice(9)}`],
  ];

  it.each(disguised)('redacts the key %s', (_what, text) => {
    const out = redactSecrets(text, [KEY]);
    expect(out).toMatch(/^[^]*\[REDACTED\]\.?$/);
    const bare = out.replace(/[\p{DI}\s]/gu, '').toLowerCase();
    expect(bare).not.toContain(KEY.toLowerCase().slice(0, 8));
    expect(bare).not.toContain(KEY.toLowerCase().slice(-8));
  });

  it('matches a typed placeholder key (a word, not a generated key) only in its own case', () => {
    // LM Studio's own placeholder key, and keys typed for local servers: their words are ordinary text in any other case
    expect(redactSecrets('Error: LM-Studio server at :1234 is not running', ['lm-studio'])).toBe('Error: LM-Studio server at :1234 is not running');
    expect(redactSecrets('Anything else failed', ['anything'])).toBe('Anything else failed');
    expect(redactSecrets('key lm-studio was refused', ['lm-studio'])).toBe('key [REDACTED] was refused');
  });

  it('keeps what is around a disguised key, and ordinary text with format characters as it was', () => {
    expect(redactSecrets(`401: key ${KEY.toUpperCase()} is invalid`, [KEY])).toBe('401: key [REDACTED] is invalid');
    expect(redactSecrets(`key \u200b${zw(KEY, '\u200b')}\u200b!`, [KEY])).toBe('key \u200b[REDACTED]\u200b!');
    const plain = 'CANARY birds\u200b sing; caf\u00e9 \u200d\ufeff CanaryQ7 is not the key';
    expect(redactSecrets(plain, [KEY])).toBe(plain);
  });

  it('leaves text without the key alone, and ignores keys too short to net', () => {
    const text = 'The quick brown fox; Canary birds sing. base64: aGVsbG8gd29ybGQ=';
    expect(containsSecret(text, [KEY, undefined, null, 'short'])).toBe(false);
    expect(redactSecrets(text, [KEY])).toBe(text);
  });

  it('still redacts by pattern and short known secrets verbatim', () => {
    expect(redactSecrets('key sk-proj-abcdefghijklmnop1234 and s3cr3t', ['s3cr3t'])).toBe('key [REDACTED] and [REDACTED]');
  });

  it('redacts a value named as a secret and keeps its name', () => {
    expect(redactSecrets('Authorization: Bearer abcdefghijklmnop.qrs=')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('{"api_key": "abcdefghijklmnop", "x-goog-api-key":abcdefghijklmnop1}')).toBe('{"api_key": "[REDACTED]", "x-goog-api-key":[REDACTED]}');
    expect(redactSecrets('PASSWORD=hunter2hunter2hunter2 token = short')).toBe('PASSWORD=[REDACTED] token = short');
  });

  it('reads a long run of spaces once: a model name full of them in an error message cost seconds, squared', () => {
    // a run of 1 MB took the patterns with a lookbehind about 11 minutes on the event loop
    const runs = [`model 'x${' '.repeat(1_000_000)}x' is unknown`, `Bearer${' '.repeat(1_000_000)}!`, `token:${'\t'.repeat(1_000_000)}!`];
    for (const text of runs) expect(redactSecrets(text, [KEY])).toBe(text);
  });

  it('finds no key in a long run of near misses', () => {
    const text = `${KEY.slice(0, -1)} `.repeat(20_000);
    expect(containsSecret(text, [KEY])).toBe(false);
  });
});

describe('Switchboard\'s own tokens', () => {
  it('redacts a profile token (sb-) and the admin token (sba-) by their shape', () => {
    const admin = 'sba-0JOr88UqOU2FmnzFsNQsltb6to5aiOxUIhYyCZVO4kU';
    const profile = 'sb-Qm3xT9vLw2Kp7Rz4Nc8Yb1Hd6Jf0Gs5A';
    expect(redactSecrets(`admin ${admin} and ${profile}.`)).toBe('admin [REDACTED] and [REDACTED].');
    expect(redactSecrets('a usb-hub and sba-short stay')).toBe('a usb-hub and sba-short stay');
    expect(redactSecrets('the usba-port-controller-firmware-v2 driver, ingress-nginx-sba-deployment-config-x'))
      .toBe('the usba-port-controller-firmware-v2 driver, ingress-nginx-sba-deployment-config-x');
  });
});

describe('jsonContainsSecret: JSON a client will decode', () => {
  const u = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  it('catches a key spelled with \\u escapes or escaped slashes', () => {
    const escaped = `{"choices":[{"message":{"content":"key: ${u(KEY[0]!)}${KEY.slice(1)}"}}]}`;
    expect(JSON.parse(escaped).choices[0].message.content).toBe(`key: ${KEY}`);
    expect(containsSecret(escaped, [KEY])).toBe(false);
    expect(jsonContainsSecret(escaped, [KEY])).toBe(true);
    const slashed = JSON.stringify({ content: SLASHY }).replace(/\//g, '\\/');
    expect(jsonContainsSecret(slashed, [SLASHY])).toBe(true);
    expect(jsonContainsSecret(`{"content":"as is ${KEY}"}`, [KEY])).toBe(true);
  });

  it('passes JSON with escapes but no key, and text that is not JSON', () => {
    expect(jsonContainsSecret(`{"content":"caf${u('\u00e9')} ${u('\u2603')}"}`, [KEY])).toBe(false);
    expect(jsonContainsSecret('not json \\u0041', [KEY])).toBe(false);
  });
});

describe('runs of millions of characters', () => {
  // V8 keeps a backtrack entry per repetition of an open-ended quantifier; past ~5.6M the scan threw a
  // RangeError, and the request got 500 (a model name) or 502 (a provider's answer) instead of its answer
  const M = 1_000_000;

  it('redacts a key-shaped run whole, name kept', () => {
    expect(redactSecrets(`model 'sk-${'A'.repeat(7 * M)}' is unknown`)).toBe("model '[REDACTED]' is unknown");
    expect(redactSecrets(`model 'Bearer ${'A'.repeat(7 * M)}==' is unknown`)).toBe("model 'Bearer [REDACTED]' is unknown");
    expect(redactSecrets(`{"token": "${'a.'.repeat(3.5 * M)}"}`)).toBe('{"token": "[REDACTED]"}');
    expect(redactSecrets(`AIza${'b'.repeat(7 * M)} gsk_${'c'.repeat(7 * M)}`)).toBe('[REDACTED] [REDACTED]');
  });

  it('reads millions of spaces after a key\'s first character', () => {
    const text = `{"content":"${KEY[0]}${' '.repeat(8.4 * M)}"}`;
    expect(jsonContainsSecret(text, [KEY])).toBe(false);
    expect(redactSecrets(text, [KEY])).toBe(text);
    // a key spaced out by a screenful of blanks between its characters is still caught
    expect(containsSecret([...KEY].join(' '.repeat(200)), [KEY])).toBe(true);
  });
});

describe('maskKey', () => {
  it("keeps a vendor's prefix and the last four of a long key", () => {
    expect(maskKey('sk-abcdefghijklmnop1234')).toBe('sk-...1234');
    expect(maskKey('sk-ant-api03-abcdefghijklmnopqrstuvwx-a1b2')).toBe('sk-ant-...a1b2');
    expect(maskKey('sk-proj-abcdefghijklmnopqrstuvwx-a1b2')).toBe('sk-proj-...a1b2');
    expect(maskKey('Xq7Lk2Pz9RtVw3Ny8Bc5Hd1Jf6Gm4Ks0')).toBe('...4Ks0');
  });

  it('shows no more than a small share of a short key: no tail, and no head that is not a vendor prefix', () => {
    expect(maskKey('token-abc123')).toBe('...'); // vLLM's documented example key
    expect(maskKey('sk-abcdefghi')).toBe('sk-...');
    expect(maskKey('sk-abcdefghijklmnop')).toBe('sk-...'); // 19 characters
    expect(maskKey('sk-ant-abcdefghijklm')).toBe('sk-ant-...'); // 20, but 13 after the prefix
    const keys: [string, string][] = [
      ['token-abc123', ''], ['sk-abcdefghi', 'sk-'], ['hf_abcdefghijklmnopqrstuvwxyz0123', ''], ['Xq7Lk2Pz9RtVw3Ny8Bc5Hd1Jf6Gm4Ks0', ''], ['abc', ''],
      ['gsk_abcdefghijklmnop', 'gsk_'], ['AIzaSyAbcdefghijklmnopqrstuvwxyz0123456', 'AIza'],
    ];
    for (const [key, head] of keys) {
      const mask = maskKey(key);
      expect(mask.startsWith(`${head}...`), key).toBe(true);
      expect(mask.length - head.length - 3, key).toBeLessThanOrEqual((key.length - head.length) / 4);
    }
  });

  it('matches a mask saved by the first rule as well as one saved now', () => {
    expect(legacyMaskKey('token-abc123')).toBe('token-...c123');
    expect(maskMatches('token-abc123', 'token-...c123')).toBe(true);
    expect(maskMatches('token-abc123', '...')).toBe(true);
    expect(maskMatches('token-abc999', 'token-...c123')).toBe(false);
    expect(maskMatches('token-abc123', undefined)).toBe(false);
  });
});
