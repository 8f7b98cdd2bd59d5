import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { plainErrorText, readErrorBody } from './error-body';

const body = (...parts: (string | Buffer)[]): Readable => Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

describe('readErrorBody', () => {
  it('keeps text bodies: JSON, plain text, problem+json, none declared', async () => {
    expect(await readErrorBody(body('{"error":"nope"}'), { 'content-type': 'application/json; charset=utf-8' })).toBe('{"error":"nope"}');
    expect(await readErrorBody(body('Bad gateway'), { 'content-type': 'text/plain' })).toBe('Bad gateway');
    expect(await readErrorBody(body('{"title":"x"}'), { 'content-type': 'application/problem+json' })).toBe('{"title":"x"}');
    expect(await readErrorBody(body('plain, héllo'), {})).toBe('plain, héllo');
  });

  it('summarises a gzip body by type, encoding and size instead of echoing it', async () => {
    const gz = gzipSync(Buffer.from('{"error":"compressed"}'));
    const out = await readErrorBody(body(gz), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(out).toBe(`[a non-text error body: application/json, gzip-encoded, ${gz.length} bytes]`);
  });

  it('summarises binary types and bytes that are not UTF-8 text', async () => {
    expect(await readErrorBody(body(Buffer.from([0x89, 0x50, 0x4e, 0x47])), { 'content-type': 'image/png' })).toBe('[a non-text error body: image/png, 4 bytes]');
    expect(await readErrorBody(body(Buffer.from([0xff, 0xfe, 0x00, 0x41])), { 'content-type': 'text/plain' })).toBe('[a non-text error body: text/plain, 4 bytes]');
    expect(await readErrorBody(body(Buffer.from([0xc3, 0x28])), {})).toBe('[a non-text error body: no content type, 2 bytes]');
  });

  it('reads no more than the limit', async () => {
    expect(await readErrorBody(body('a'.repeat(50), 'b'.repeat(50)), { 'content-type': 'text/plain' }, 60)).toBe(`${'a'.repeat(50)}${'b'.repeat(10)}`);
    expect(await readErrorBody(body(Buffer.alloc(100, 0)), {}, 60)).toBe('[a non-text error body: no content type, over 60 bytes]');
  });
});

describe('plainErrorText', () => {
  it('gives a web page as its text, without markup, head, scripts or styles', () => {
    expect(plainErrorText('<html><body>Cannot GET /nope/models</body></html>')).toBe('Cannot GET /nope/models');
    expect(plainErrorText('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>'))
      .toBe('404 Not Found nginx/1.25.3');
    expect(plainErrorText('<!DOCTYPE html><html><script>x<1</script><p>a &amp; b &lt;c&gt;</p></html>')).toBe('a & b <c>');
    expect(plainErrorText(`<html><body>${'x '.repeat(500)}</body></html>`).length).toBe(200);
  });

  it('reads a hostile 256 KiB page in linear time: unclosed comments, scripts and tags, only its first 16 KiB', () => {
    const size = 256 * 1024;
    const line = (c: string): string => `${c.repeat(199)}…`;
    expect(plainErrorText(`<html>${'\u2039'.repeat(size)}`)).toBe(line('\u2039'));
    expect(plainErrorText(`<html>${'<'.repeat(size)}`)).toBe(line('<'));
    expect(plainErrorText(`<html>${'<!--'.repeat(size / 4)}`)).toBe('');
    expect(plainErrorText(`<html>${'<script>'.repeat(size / 8)}`)).toBe('');
    expect(plainErrorText(`<html><!-- a -->x<STYLE>p{}</style >y<head><title>t</title></head><p>z</p><script>${'<!--'.repeat(size / 4)}`)).toBe('x y z');
  });

  it('leaves a provider\'s JSON and plain text as they are', () => {
    const json = '{"error":{"message":"<b>not</b> html"}}';
    expect(plainErrorText(json)).toBe(json);
    expect(plainErrorText('Not Found')).toBe('Not Found');
  });
});
