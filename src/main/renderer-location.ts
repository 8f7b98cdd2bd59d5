// Where the window's page comes from, and the one test of "is this URL our own page" that
// navigation, the CSP and the IPC sender check all share.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type RendererLocation =
  | { kind: 'file'; url: string; dirUrl: string }
  | { kind: 'dev'; url: string; origin: string };

export interface RendererLocationInput {
  appPath: string;
  isPackaged: boolean;
  /** ELECTRON_RENDERER_URL, set by `electron-vite dev` */
  devUrl: string | undefined;
}

export function rendererLocation({ appPath, isPackaged, devUrl }: RendererLocationInput): RendererLocation {
  // A packaged app never takes its page from the environment.
  if (!isPackaged && devUrl) {
    const parsed = new URL(devUrl);
    if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) {
      return { kind: 'dev', url: parsed.href, origin: parsed.origin };
    }
  }
  return fileRendererLocation(pathToFileURL(join(appPath, 'out', 'renderer', 'index.html')).href);
}

/**
 * The page as a file URL. A Windows drive letter is upper-cased, as Chromium does to every file URL it
 * loads: started from `c:\...` (VS Code's terminal), the page's own frame would otherwise report
 * `file:///C:/...` and fail every check below (the window's IPC calls refused, no CSP header).
 */
export function fileRendererLocation(fileUrl: string): RendererLocation {
  const url = fileUrl.replace(/^file:\/\/\/([a-z]):/, (_, drive: string) => `file:///${drive.toUpperCase()}:`);
  return { kind: 'file', url, dirUrl: url.slice(0, url.lastIndexOf('/') + 1) };
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The document itself: the same file (any query or hash), or any page of the dev server. */
export function isOwnPageUrl(url: string, location: RendererLocation): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (location.kind === 'dev') return parsed.origin === location.origin;
  const own = new URL(location.url);
  return parsed.protocol === 'file:' && parsed.host === own.host && parsed.pathname === own.pathname;
}

/** The document or one of its assets (scripts, styles, images under out/renderer). */
export function isOwnResourceUrl(url: string, location: RendererLocation): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (location.kind === 'dev') return parsed.origin === location.origin;
  return parsed.protocol === 'file:' && `file://${parsed.host}${parsed.pathname}`.startsWith(location.dirUrl);
}
