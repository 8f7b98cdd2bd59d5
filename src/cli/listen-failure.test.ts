import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { listenFailureText } from './listen-failure';

it('names the taken port and --port, from the error listen gives', async () => {
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as { port: number }).port;
  const second = createServer();
  const err = await new Promise<Error>((r) => second.once('error', r).listen(port, '127.0.0.1'));
  taken.close();
  expect(listenFailureText(new Error('start failed', { cause: err }))).toBe(
    `Port ${port} is already in use, so Switchboard's proxy cannot start on it. Another Switchboard (the desktop app or \`npm run serve\`) `
    + 'or another program may be using it: stop it, or start it with --port set to another port (or SWITCHBOARD_PORT; 0 picks any free one).',
  );
});

it('leaves other errors to their own message', () => {
  expect(listenFailureText(new Error('could not open the database'))).toBeNull();
  expect(listenFailureText(Object.assign(new Error('x'), { code: 'EACCES', path: '/data' }))).toBeNull();
});
