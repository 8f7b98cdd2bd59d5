// Headless entry: the same core as the desktop app, the admin API and the UI over HTTP.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../node/app';
import { defaultTokenFile } from '../node/app-files';
import { isLoopbackAddress } from '../node/http/address-guard';
import { defaultTokenLine } from './default-token-line';
import { HelpRequested, parseServeArgs, UsageError } from './args';
import { listenFailureText } from './listen-failure';

async function main(): Promise<void> {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof HelpRequested) {
      console.log(err.message);
      process.exit(0);
    }
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const uiDir = process.env.SWITCHBOARD_UI_DIR
    ? resolve(process.env.SWITCHBOARD_UI_DIR)
    : fileURLToPath(new URL('../../out/renderer', import.meta.url));
  // `npm run serve -- --data-dir x` means x relative to where the user typed it
  const dataDir = resolve(process.env.INIT_CWD ?? process.cwd(), args.dataDir);
  const app = await createApp({
    dataDir,
    host: args.host,
    port: args.port,
    env: process.env,
    // configured even when not built yet: the server then says how to build it
    uiDir,
    log: (line) => console.error(line),
  });
  // before "listening on": a signal right after that line must close the app cleanly (SPEC: exit 0), not kill it
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: shutting down`);
    app.close().then(
      () => process.exit(0),
      (err) => {
        console.error(`shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const url = app.url;
  console.log(`Switchboard listening on ${url}`);
  if (!isLoopbackAddress(args.host)) {
    console.error(`warning: bound to ${args.host}, not loopback: other machines can connect, over plain HTTP. Every request still needs a token, `
      + `and the Host check admits ${args.host === '0.0.0.0' || args.host === '::' ? `only this machine's loopback names (bind one address, or use a tunnel or a reverse proxy that sets Host: 127.0.0.1:${new URL(url).port})` : `this address and the loopback names, no other name`}.`);
  }
  // encoded: a token with + or % (openssl rand -base64) must survive the browser's URL and the UI's decoding
  console.log(`Open the UI: ${url}/#token=${encodeURIComponent(app.adminToken)}`);
  // what start found in the token file, not a fresh status: nothing to await before the set-up lines
  console.log(defaultTokenLine(url, defaultTokenFile(dataDir), app.defaultTokenFile));
}

main().catch((err: Error) => {
  console.error(`switchboard: ${listenFailureText(err) ?? err.message}`);
  process.exit(1);
});
