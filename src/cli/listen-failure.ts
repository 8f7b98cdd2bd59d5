// What serve says when it cannot listen on its port: which port, why, and the way out (--port), not Node's
// bare `listen EADDRINUSE: address already in use 127.0.0.1:4141`.
import { portRefusal, portRefusalText } from '../shared/port';

/** The line for a refused port, or null when the error is another. */
export function listenFailureText(err: unknown): string | null {
  const refusal = portRefusal(err);
  if (!refusal || refusal.port === undefined) return null;
  const wayOut = 'start it with --port set to another port (or SWITCHBOARD_PORT; 0 picks any free one)';
  return refusal.code === 'EADDRINUSE'
    ? `${portRefusalText('EADDRINUSE', refusal.port)} Another Switchboard (the desktop app or \`npm run serve\`) or another program may be using it: stop it, or ${wayOut}.`
    : `${portRefusalText('EACCES', refusal.port)} Choose another: ${wayOut}.`;
}
