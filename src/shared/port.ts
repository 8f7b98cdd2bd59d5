// A port as `npm run serve` (--port, SWITCHBOARD_PORT) and the desktop app (SWITCHBOARD_PORT) read it:
// one rule, one refusal, so the same value never works in one and is ignored by the other.

/** v as a port (0: any free one), or the message refusing it, naming where it came from. */
export function readPort(v: string, from: string): { port: number } | { error: string } {
  if (!/^\d+$/.test(v) || Number(v) > 65535) return { error: `${from}: port must be an integer 0-65535, got "${v}"` };
  return { port: Number(v) };
}
