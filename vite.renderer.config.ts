// Builds the React renderer to out/renderer. electron.vite.config.ts reuses rendererViteConfig,
// so the desktop window and `npm run serve` load the same bundle.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './src/shared/csp.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** index.html carries the same policy the window and the server send (src/shared/csp.ts). */
function sharedCsp(): Plugin {
  return {
    name: 'switchboard-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes('%SWITCHBOARD_CSP%')) throw new Error('index.html lost its %SWITCHBOARD_CSP% placeholder');
        return html.replace('%SWITCHBOARD_CSP%', META_CONTENT_SECURITY_POLICY);
      },
    },
  };
}

/**
 * The dev server injects an inline React Refresh preamble and talks HMR over a websocket;
 * the CSP in index.html forbids both, so loosen it for `vite dev` only. Builds keep it strict.
 */
function devOnlyCsp(): Plugin {
  return {
    name: 'switchboard-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:* http://127.0.0.1:*");
    },
  };
}

/**
 * Every build is React's production bundle, whichever way it runs (`npm run build:renderer`, serve's build,
 * electron-vite build): Vite takes NODE_ENV from the environment over the mode, so a shell or test runner with
 * NODE_ENV=development or test otherwise builds React's development bundle (dev warnings, StrictMode's double
 * effects: every admin call sent twice), which serve then keeps as its cached UI. Set before Vite reads it back
 * (after the config hooks) and before the React plugin's own config hook (enforce: 'pre').
 */
function productionBuild(): Plugin {
  return {
    name: 'switchboard-production-build',
    apply: 'build',
    enforce: 'pre',
    config() {
      process.env.NODE_ENV = 'production';
    },
  };
}

export const rendererViteConfig: UserConfig = {
  root: resolve(here, 'src/renderer'),
  // relative asset URLs so the bundle works from file:// (Electron) and from any HTTP path
  base: './',
  plugins: [productionBuild(), react(), sharedCsp(), devOnlyCsp()],
  build: {
    outDir: resolve(here, 'out/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // electron-vite leaves renderer bundles unminified unless told; both builds should match
    minify: true,
    rollupOptions: { input: { index: resolve(here, 'src/renderer/index.html') } },
  },
};

export default defineConfig(rendererViteConfig);
