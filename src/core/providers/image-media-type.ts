// An image's media type as a provider takes it. Clients label JPEGs image/jpg, and a data URL with no
// type reads as image/png; Anthropic takes only image/jpeg, png, gif and webp and refuses a label its
// bytes contradict ("the image appears to be a image/png image"). So the bytes' own signature wins
// where it is one of those four, and the label is only spelled the standard way otherwise.

const ALIASES = new Map([
  ['image/jpg', 'image/jpeg'], ['image/jpe', 'image/jpeg'], ['image/pjpeg', 'image/jpeg'], ['image/x-png', 'image/png'],
]);

/** The declared type, lower-cased, with the aliases browsers and tools write spelled as the standard type. */
export function normalImageType(declared: string): string {
  const type = declared.trim().toLowerCase();
  return ALIASES.get(type) ?? type;
}

/** The type the first bytes say (JPEG, PNG, GIF, WebP), from the base64 text's first 16 characters only. */
export function sniffImageType(base64: string): string | undefined {
  let bytes: string;
  try {
    bytes = atob(base64.slice(0, 16));
  } catch {
    return undefined;
  }
  if (bytes.startsWith('\xFF\xD8\xFF')) return 'image/jpeg';
  if (bytes.startsWith('\x89PNG')) return 'image/png';
  if (bytes.startsWith('GIF8')) return 'image/gif';
  if (bytes.startsWith('RIFF') && bytes.slice(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** What to label base64 image data for a provider. */
export function imageMediaType(declared: string, base64: string): string {
  return sniffImageType(base64) ?? normalImageType(declared);
}

/**
 * The image types Gemini reads and Anthropic and OpenAI refuse (Gemini documents png, jpeg, webp, heic and heif;
 * Anthropic and OpenAI take jpeg, png, gif and webp). Other types (BMP, TIFF, SVG, AVIF) are not Gemini's either:
 * a local vision model may read them, so they hold a request nowhere.
 */
const GEMINI_ONLY = new Set(['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence']);

/**
 * The type of an image only Gemini reads (HEIC, HEIF), as it would be labelled for a provider; undefined for
 * any other type, and for HEIC-labelled bytes whose signature says JPEG, PNG, GIF or WebP.
 */
export function geminiOnlyImageType(declared: string, base64 = ''): string | undefined {
  const type = imageMediaType(declared, base64);
  return GEMINI_ONLY.has(type) ? type : undefined;
}
