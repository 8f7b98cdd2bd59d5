// The one Content-Security-Policy: sent as a header by the desktop window (main/window.ts) and by the
// headless server (node/proxy/static-ui.ts), and written into index.html at build time (vite.renderer.config.ts).
const DIRECTIVES: readonly (readonly [name: string, value: string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

/** Directives a <meta> element cannot carry (the browser ignores them there, with a console error). */
const HEADER_ONLY = new Set(['frame-ancestors']);

const render = (list: typeof DIRECTIVES): string => list.map(([name, value]) => `${name} ${value}`).join('; ');

export const CONTENT_SECURITY_POLICY = render(DIRECTIVES);
export const META_CONTENT_SECURITY_POLICY = render(DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name)));
