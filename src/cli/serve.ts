// Headless entry: the same core as the desktop app, the admin API and the UI over HTTP.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../node/app';
import { defaultTokenFile } from '../node/app-files';
import { isLoopbackAddress } from '../node/http/address-guard';
import { HelpRequested, parseServeArgs, UsageError } from './args';

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
  const url = app.url;
  console.log(`Switchboard listening on ${url}`);
  if (!isLoopbackAddress(args.host)) {
    console.error(`warning: bound to ${args.host}, not loopback: other machines can connect, over plain HTTP. Every request still needs a token, `
      + `and the Host check admits ${args.host === '0.0.0.0' || args.host === '::' ? `only this machine's loopback names (bind one address, or use a tunnel or a reverse proxy that sets Host: 127.0.0.1:${new URL(url).port})` : `this address and the loopback names, no other name`}.`);
  }
  // encoded: a token with + or % (openssl rand -base64) must survive the browser's URL and the UI's decoding
  console.log(`Open the UI: ${url}/#token=${encodeURIComponent(app.adminToken)}`);
  const tools = `Point your tools at ${url}/v1 (OpenAI chat and Responses: SDKs, Codex CLI) or ${url} (Anthropic: Claude Code; Gemini: Gemini CLI)`;
  // the file holds a live token or is not there (node/service/default-token-file.ts): never name a revoked one
  if ((await app.service.getStatus(undefined)).default_token !== null) {
    console.log(`${tools} with the token in ${defaultTokenFile(dataDir)}`);
  } else {
    console.log(`${tools} with a profile token. The Default profile's token in ${defaultTokenFile(dataDir)} was revoked: `
      + `issue a new one (UI: BYOK tab, Default, Issue token; API: POST /api/v1/llm/users/default/tokens) and it is written there`);
  }

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
}

main().catch((err: Error) => {
  console.error(`switchboard: ${err.message}`);
  process.exit(1);
});
