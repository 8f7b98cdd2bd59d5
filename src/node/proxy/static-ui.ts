// Serves the built renderer (out/renderer) for headless mode, with a strict CSP. The desktop core has
// no UI directory (uiDir null): its UI is the app's window, so a browser there is told where the UI is.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const UI_SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const TEXT = { 'content-type': 'text/plain; charset=utf-8', ...UI_SECURITY_HEADERS };
export const DESKTOP_UI_MESSAGE =
  "This is the Switchboard desktop app's proxy: its UI is the app's window (Open Switchboard in the tray menu). "
  + 'The same UI in a browser is served by headless mode: `npm run serve`.';
export const UNBUILT_UI_MESSAGE = 'The UI is not built. Run `npm run build`.';

export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, uiDir: string | null): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (!uiDir) {
    res.writeHead(404, TEXT).end(DESKTOP_UI_MESSAGE);
    return;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = normalize(join(uiDir, rel));
  if (!file.startsWith(normalize(uiDir) + sep)) {
    res.writeHead(404).end();
    return;
  }
  let data: Buffer;
  let type = TYPES[extname(file)] ?? 'application/octet-stream';
  try {
    data = await readFile(file);
  } catch {
    const shell = await readFile(join(uiDir, 'index.html')).catch(() => null);
    if (!shell) {
      res.writeHead(404, TEXT).end(UNBUILT_UI_MESSAGE);
      return;
    }
    // A missing file is a 404: answering index.html would have it cached as an immutable asset (or
    // run as a script). Only client-side routes (paths with no file extension) fall back to the app shell.
    if (rel.startsWith('/assets/') || extname(rel) !== '') {
      res.writeHead(404, TEXT).end('Not found');
      return;
    }
    data = shell;
    type = TYPES['.html']!;
  }
  res.writeHead(200, {
    'content-type': type,
    'content-length': data.length,
    'cache-control': rel.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...UI_SECURITY_HEADERS,
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}
