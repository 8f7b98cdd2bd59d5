import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererViteConfig } from './vite.renderer.config';

export default defineConfig({
  main: {
    // dependencies (better-sqlite3, @napi-rs/keyring, undici, ...) stay external: native
    // modules must be loaded from node_modules, not bundled
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    // a sandboxed preload is one self-contained CommonJS script: it may require only 'electron'
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  // the same config `npm run build:renderer` uses, so desktop and headless ship one bundle
  renderer: rendererViteConfig,
});
