// Shared by the lenient readers of every inbound API: collects what routing needs from a request
// without judging what it does not know. An unknown block contributes the strings it holds.
import type { Capability } from '../../shared/types';
import { RequestValidationError, type InboundRead, type UpstreamApi } from '../canonical';
import { IMAGE_TOKENS } from '../tokens';
import { geminiOnlyImageType } from '../providers/image-media-type';
import { isJsonObject } from '../json-object';

/** Opaque model state (signatures, encrypted reasoning): the model's own, not text it reads as words. */
const MODEL_STATE_KEYS = new Set(['signature', 'encrypted_content', 'thoughtSignature', 'thought_signature']);

/** Keys whose string is a media payload when a sibling names its media type. */
const PAYLOAD_KEYS = new Set(['data', 'file_data', 'bytes']);
const MEDIA_TYPE_KEYS = ['mimeType', 'mime_type', 'media_type', 'mediaType'] as const;

const DATA_URL = /^data:([a-z0-9.+-]{1,64}\/[a-z0-9.+-]{1,128})(?:;[^,;]{1,200}){0,8};base64,/i;

/** A base64 data URL's media type (lower case) and where its payload starts, when `value` is one. */
function dataUrlParts(value: string): { mediaType: string; start: number } | undefined {
  if (!value.startsWith('data:')) return undefined;
  const m = DATA_URL.exec(value.slice(0, 512));
  return m === null ? undefined : { mediaType: (m[1] ?? '').toLowerCase(), start: m[0].length };
}

/** A base64 data URL of anything but text: base64 is not words, and a 20 MB image is not worth a scan. */
function isMediaDataUrl(value: string): boolean {
  const url = dataUrlParts(value);
  return url !== undefined && !isTextType(url.mediaType);
}

/** `data:text/plain;base64,...` and other text files as data URLs. */
export function isTextDataUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const url = dataUrlParts(value);
  return url !== undefined && isTextType(url.mediaType);
}

/** A text file sent base64 (text/plain, text/csv, ...): the text the model reads, as Switchboard decodes it for other formats. */
function decodeBase64Text(base64: string, start = 0): string {
  return Buffer.from(start === 0 ? base64 : base64.slice(start), 'base64').toString('utf8');
}

const isTextType = (mediaType: string): boolean => mediaType.toLowerCase().startsWith('text/');

/** `{mimeType, data}` and the like: the media type beside a payload, when one is named. */
function payloadMediaType(holder: Record<string, unknown>): string | undefined {
  for (const k of MEDIA_TYPE_KEYS) {
    const mime = holder[k];
    if (typeof mime === 'string' && mime !== '') return mime;
  }
  return undefined;
}

/**
 * Decoded bytes per prompt token, roughly: a PDF page is 1,500-3,000 tokens (its text and its image)
 * in some 30-100 KB; Gemini counts audio at 32 tokens a second (~16 KB of compressed audio) and video
 * at ~260 a second (~100-200 KB). Rough, but a 5 MB PDF is not 765 tokens.
 */
const BYTES_PER_TOKEN = { document: 40, audio: 500, video: 500 } as const;

function mediaTokens(kind: 'image' | 'document' | 'audio' | 'video', base64Chars: number): number {
  // an image, or a part known only by reference: the flat rate
  if (kind === 'image' || base64Chars === 0) return IMAGE_TOKENS;
  return Math.max(IMAGE_TOKENS, Math.ceil((base64Chars * 3) / 4 / BYTES_PER_TOKEN[kind]));
}

/** A document by URL: Chat Completions takes files only inline (base64); the other APIs fetch a URL. */
export const DOCUMENT_URL_APIS: readonly UpstreamApi[] = ['messages', 'responses', 'gemini'];

export class ReadBuilder {
  readonly texts: string[] = [];
  private toolCount = 0;
  schemaChars = 0;
  messageCount = 0;
  mediaCount = 0;
  mediaTokens = 0;
  private readonly caps = new Set<Capability>(['chat']);
  private readonly native = new Set<string>();
  private servable: Set<UpstreamApi> | undefined;
  /** what holds the request to `servable`, for the refusal; undefined once a holder went unnamed */
  private servableWhy: string[] | undefined = [];
  /** the request stands on a web search the provider runs (InboundRead.webSearch) */
  private searches = false;
  /** InboundRead.sealedThinking */
  sealedThinking = false;
  /** answers asked for, when more than one (InboundRead.choices) */
  choices: number | undefined;
  /** InboundRead.ownSearch */
  ownSearch = false;
  /** InboundRead.namelessCall */
  namelessCall = false;

  text(value: unknown): void {
    if (typeof value === 'string' && value.length > 0) this.texts.push(value);
  }

  /** Every string inside `value` (media payloads and opaque model state skipped), as text a model reads. */
  strings(value: unknown): void {
    this.walk(value, 0, true);
  }

  /**
   * Tool arguments and tool results: every string at any depth, whatever its key (a tool's `data`,
   * `url` or `signature` argument is the client's text); only media payloads are skipped.
   */
  values(value: unknown): void {
    this.walk(value, 0, false);
  }

  private walk(value: unknown, depth: number, skipModelState: boolean): void {
    if (typeof value === 'string') {
      const url = dataUrlParts(value);
      if (url && isTextType(url.mediaType)) this.text(decodeBase64Text(value, url.start));
      else if (value.length > 0 && !isMediaDataUrl(value)) this.texts.push(value);
      return;
    }
    if (value === null || typeof value !== 'object' || depth > 64) return;
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, depth + 1, skipModelState);
      return;
    }
    const holder = value as Record<string, unknown>;
    const mediaType = payloadMediaType(holder);
    for (const key in holder) {
      const v = holder[key];
      if (skipModelState && MODEL_STATE_KEYS.has(key)) continue;
      if (mediaType !== undefined && PAYLOAD_KEYS.has(key) && typeof v === 'string') {
        // a text file's base64 decoded; kept as sent too, for `{type: 'text', media_type, data}` holds plain text
        if (isTextType(mediaType)) {
          this.text(decodeBase64Text(v));
          this.text(v);
        }
        continue;
      }
      this.walk(v, depth + 1, skipModelState);
    }
  }

  /** `count` tool definitions found in `param`: refused past MAX_TOOLS in the whole request. */
  tools(count: number, param: string): void {
    this.toolCount += count;
    if (this.toolCount > MAX_TOOLS) throw new RequestValidationError(`${param}: at most ${MAX_TOOLS} tools in one request`, param);
  }

  /** Tool definitions and schemas: their size counts in the estimate; they are not scanned for secrets. */
  schema(value: unknown): void {
    this.schemaChars += charsOf(value, 0);
  }

  /**
   * A media part. `data`: its inline payload (base64), when it has one: a document, audio or video is
   * counted by its size, an image (and anything by reference) at the flat image rate.
   */
  media(capability?: Capability, data?: unknown, kind: 'image' | 'document' | 'audio' | 'video' = capability === 'vision' ? 'image' : 'document'): void {
    this.mediaCount++;
    this.mediaTokens += mediaTokens(kind, typeof data === 'string' ? data.length : 0);
    if (capability) this.caps.add(capability);
  }

  /**
   * An image. `mediaType`: its label, where it has one (not by URL); `base64`: its data, whose first bytes
   * may say the type. A type only Gemini reads (HEIC) holds the request to Gemini models.
   */
  image(mediaType?: unknown, base64?: unknown): void {
    this.media('vision');
    if (typeof mediaType !== 'string' || mediaType === '') return;
    const type = geminiOnlyImageType(mediaType, typeof base64 === 'string' ? base64 : '');
    if (type !== undefined) this.onlyOn(['gemini'], `${type} (only Gemini reads it)`);
  }

  /** An image by URL: a base64 data URL is read for its type as image() reads a label; a web address names none. */
  imageUrl(url: unknown): void {
    const parts = typeof url === 'string' ? dataUrlParts(url) : undefined;
    this.image(parts?.mediaType, parts && (url as string).slice(parts.start, parts.start + 16));
  }

  /**
   * A text file sent base64 (`data`: bare base64 or a data URL): its decoded text is read as text,
   * as every provider gets it, so the privacy guard scans it; the body limit bounds its size.
   */
  textFile(capability: Capability | undefined, data: string): void {
    this.mediaCount++;
    if (capability) this.caps.add(capability);
    const url = dataUrlParts(data);
    this.text(decodeBase64Text(data, url?.start ?? 0));
  }

  need(capability: Capability): void {
    this.caps.add(capability);
  }

  /** A feature only the client's own API carries (ranks that API's candidates first). */
  feature(name: string): void {
    this.native.add(name);
  }

  /**
   * Only these upstream APIs can serve the request without changing its meaning. `why`: what in the
   * request it is (`n > 1`), named when a model is left out for it; unnamed, the reason stays general.
   */
  onlyOn(apis: readonly UpstreamApi[], why?: string): void {
    const prev = this.servable;
    this.servable = new Set(prev ? apis.filter((a) => prev.has(a)) : apis);
    if (why === undefined) this.servableWhy = undefined;
    else if (this.servableWhy !== undefined && !this.servableWhy.includes(why)) this.servableWhy.push(why);
  }

  /** The answer stands on a web search the provider runs: a Gemini model serving it must ground with Google Search. */
  webSearch(): void {
    this.searches = true;
  }

  build(fields: { model: string; stream: boolean; includeUsage: boolean; maxOutputTokens?: number; passHeaders?: Record<string, string> }): InboundRead {
    const read: InboundRead = {
      model: fields.model,
      stream: fields.stream,
      includeUsage: fields.includeUsage,
      capabilities: [...this.caps],
      texts: this.texts,
      schemaChars: this.schemaChars,
      messageCount: this.messageCount,
      mediaCount: this.mediaCount,
      mediaTokens: this.mediaTokens,
      nativeFeatures: [...this.native],
    };
    if (fields.maxOutputTokens !== undefined) read.maxOutputTokens = fields.maxOutputTokens;
    if (this.servable) read.servableBy = [...this.servable];
    if (this.servable && this.servableWhy !== undefined && this.servableWhy.length > 0) read.servableWhy = this.servableWhy.join(', ');
    if (fields.passHeaders) read.passHeaders = fields.passHeaders;
    if (this.searches) read.webSearch = true;
    if (this.sealedThinking) read.sealedThinking = true;
    if (this.choices !== undefined && this.choices > 1) read.choices = Math.ceil(this.choices);
    if (this.ownSearch) read.ownSearch = true;
    if (this.namelessCall) read.namelessCall = true;
    return read;
  }
}

/** Characters of every key and string in a JSON value (its size as a model would read it). */
function charsOf(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object' || depth > 64) return typeof value === 'number' ? 4 : 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += charsOf(item, depth + 1);
    return n;
  }
  for (const key in value) n += key.length + charsOf((value as Record<string, unknown>)[key], depth + 1);
  return n;
}

/** More than any real conversation; past it a request is refused before anything reads it. */
export const MAX_MESSAGES = 10_000;

/**
 * Tool definitions in one request (namespace members and tools added in the input included). OpenAI
 * takes 128 and Claude Code with many MCP servers sends a few hundred, but Anthropic's tool search
 * takes a deferred catalog of up to 10,000: past it, only the time of reading them all is gained.
 */
export const MAX_TOOLS = 10_000;

/** Content parts (blocks) in one message: more than any client puts there; each is read, estimated and copied. */
export const MAX_CONTENT_PARTS = 10_000;

/**
 * The few shapes a request must have for the proxy to route and frame it at all: the reader refuses
 * these as malformed (400), and leaves everything else (value ranges, unknown roles, parts and
 * fields) to the provider, which knows its own API best.
 */
export const shape = {
  model(v: unknown, message: string): string {
    if (typeof v !== 'string' || v.trim() === '') throw new RequestValidationError(message, 'model');
    return v;
  },
  list(v: unknown, param: string, opts: { nonEmpty?: boolean; max?: number } = {}): unknown[] {
    if (!Array.isArray(v)) throw new RequestValidationError(`${param}: must be an array`, param);
    if (opts.nonEmpty && v.length === 0) throw new RequestValidationError(`${param}: must not be empty`, param);
    if (opts.max !== undefined && v.length > opts.max) throw new RequestValidationError(`${param}: at most ${opts.max} items`, param);
    return v;
  },
  optionalList(v: unknown, param: string, opts: { max?: number } = {}): unknown[] | undefined {
    return v === undefined || v === null ? undefined : shape.list(v, param, opts);
  },
  /** a message's content when it is a list of parts: at most MAX_CONTENT_PARTS of them */
  parts<T>(v: T, param: string): T {
    if (Array.isArray(v) && v.length > MAX_CONTENT_PARTS) throw new RequestValidationError(`${param}: at most ${MAX_CONTENT_PARTS} content parts in one message`, param);
    return v;
  },
  object(v: unknown, param: string): Record<string, unknown> {
    if (!isJsonObject(v)) throw new RequestValidationError(`${param}: must be an object`, param);
    return v;
  },
  /** a message's role and content must at least be of the kinds any API uses */
  message(v: unknown, param: string): Record<string, unknown> {
    const m = shape.object(v, param);
    if (m.role !== undefined && typeof m.role !== 'string') throw new RequestValidationError(`${param}.role: must be a string`, `${param}.role`);
    const c = m.content;
    if (c !== undefined && c !== null && typeof c !== 'string' && !Array.isArray(c)) {
      throw new RequestValidationError(`${param}.content: must be a string or an array of parts`, `${param}.content`);
    }
    return m;
  },
  optionalBoolean(v: unknown, param: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw new RequestValidationError(`${param}: must be a boolean`, param);
    return v;
  },
  positiveInt(v: unknown, param: string): number {
    if (v === undefined || v === null) throw new RequestValidationError(`${param}: Field required`, param);
    return shape.optionalPositiveInt(v, param)!;
  },
  /** token limits steer routing (context fit), so they must be what they say */
  optionalPositiveInt(v: unknown, param: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new RequestValidationError(`${param}: must be a positive integer`, param);
    return v;
  },
};
