import { describe, expect, it } from 'vitest';
import { geminiOnlyImageType, imageMediaType, normalImageType, sniffImageType } from './image-media-type';

const b64 = (bytes: number[]): string => btoa(String.fromCharCode(...bytes, ...new Array(16).fill(0)));
const JPEG = b64([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PNG = b64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const GIF = b64([...'GIF89a'].map((c) => c.charCodeAt(0)));
const WEBP = b64([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0x24, 0, 0, 0], [...'WEBPVP8 '].map((c) => c.charCodeAt(0))));

describe('image media types for providers', () => {
  it('spells the aliases clients write as the standard type', () => {
    expect(['image/jpg', 'image/JPG', 'image/jpe', 'image/pjpeg', ' image/jpeg '].map(normalImageType)).toEqual(Array(5).fill('image/jpeg'));
    expect(normalImageType('image/x-png')).toBe('image/png');
    expect(normalImageType('image/heic')).toBe('image/heic');
    // a label that names an object's own property is a label like any other
    for (const label of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(normalImageType(label)).toBe(label.toLowerCase());
  });

  it('reads JPEG, PNG, GIF and WebP from their first bytes', () => {
    expect([JPEG, PNG, GIF, WEBP].map(sniffImageType)).toEqual(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
    // a RIFF that is not WebP (a WAV), bytes of no known kind, text that is not base64
    expect(sniffImageType(b64([...'RIFF\x24\x00\x00\x00WAVE'].map((c) => c.charCodeAt(0))))).toBeUndefined();
    expect(sniffImageType('AAAAAAAA')).toBeUndefined();
    expect(sniffImageType('%%%not base64%%%')).toBeUndefined();
    expect(sniffImageType('')).toBeUndefined();
  });

  it("lets the bytes' type win over the label, and keeps a label the bytes do not contradict", () => {
    expect(imageMediaType('image/jpg', 'AAAA')).toBe('image/jpeg');
    // a data URL without a type reads as image/png; the bytes say JPEG
    expect(imageMediaType('image/png', JPEG)).toBe('image/jpeg');
    expect(imageMediaType('application/octet-stream', WEBP)).toBe('image/webp');
    expect(imageMediaType('image/heic', 'AAAAGGZ0eXBoZWlj')).toBe('image/heic');
  });
});

describe('geminiOnlyImageType', () => {
  it('names a type Anthropic and OpenAI refuse (HEIC, HEIF), as a provider would be sent it', () => {
    expect(geminiOnlyImageType('image/heic', 'AAAAGGZ0eXBoZWlj')).toBe('image/heic');
    expect(geminiOnlyImageType('IMAGE/HEIF')).toBe('image/heif');
    expect(geminiOnlyImageType('image/heic-sequence')).toBe('image/heic-sequence');
    expect(geminiOnlyImageType('image/heif-sequence')).toBe('image/heif-sequence');
  });

  it('is undefined for types Gemini does not read either (a local vision model may): BMP, TIFF, SVG, AVIF, ICO', () => {
    for (const type of ['image/bmp', 'image/tiff', 'image/svg+xml', 'image/avif', 'image/x-icon']) {
      expect(geminiOnlyImageType(type, 'Qk1GAAAAAAAAADYA'), type).toBeUndefined();
    }
  });

  it('is undefined for the four every vision API takes, by label or by bytes', () => {
    for (const type of ['image/jpeg', 'image/jpg', 'image/png', 'image/gif', 'image/webp']) expect(geminiOnlyImageType(type), type).toBeUndefined();
    expect(geminiOnlyImageType('image/heic', PNG)).toBeUndefined();
  });
});
