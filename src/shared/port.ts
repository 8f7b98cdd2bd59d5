// A port as `npm run serve` (--port, SWITCHBOARD_PORT) and the desktop app (SWITCHBOARD_PORT) read it:
// one rule, one refusal, so the same value never works in one and is ignored by the other; and what both say
// when the port cannot be listened on.

/** v as a port (0: any free one), or the message refusing it, naming where it came from. */
export function readPort(v: string, from: string): { port: number } | { error: string } {
  if (!/^\d+$/.test(v) || Number(v) > 65535) return { error: `${from}: port must be an integer 0-65535, got "${v}"` };
  return { port: Number(v) };
}

/**
 * Why the proxy could not listen on its port: taken (EADDRINUSE), or not ours to take (EACCES: below 1024
 * without privileges on Linux and macOS, a range Windows reserves), with the port when the error names it.
 */
export interface PortRefusal {
  code: 'EADDRINUSE' | 'EACCES';
  port: number | undefined;
  /** a port found free after this one was refused: the one to suggest */
  freePort?: number;
}

export function portRefusal(err: unknown): PortRefusal | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, port, freePort, syscall, address } = e as { code?: unknown; port?: unknown; freePort?: unknown; syscall?: unknown; address?: unknown };
    // EACCES is a refused port only from listen (or an error naming a port or address): a file the
    // core may not open (its data dir, a log) is no reason to offer another port
    const refusedListen = syscall === 'listen' || typeof port === 'number' || typeof address === 'string';
    if (code === 'EADDRINUSE' || (code === 'EACCES' && refusedListen)) {
      return {
        code,
        port: typeof port === 'number' ? port : undefined,
        ...(typeof freePort === 'number' ? { freePort } : {}),
      };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** What the desktop app's offer and startup dialog, and serve, say about a refused port. */
export function portRefusalText(code: PortRefusal['code'], port: number): string {
  return code === 'EACCES'
    ? `Switchboard is not allowed to listen on port ${port} (${port < 1024 ? 'ports below 1024 need administrator privileges' : 'the system reserves it'}), so its proxy cannot start on it.`
    : `Port ${port} is already in use, so Switchboard's proxy cannot start on it.`;
}
