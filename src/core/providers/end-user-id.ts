// An end-user id (OpenAI's `user`, Anthropic's metadata.user_id) has a length limit upstream (OpenAI 64,
// Anthropic 256) that clients of another format never heard of: Claude Code's metadata.user_id, a JSON
// object of device, account and session ids, is some 150 characters. A longer id goes as its SHA-256.
import { sha256Hex } from '../sha256';

/**
 * What of an id is hashed: an id is a few hundred characters at most, and hashing runs on the event loop,
 * so one a client made megabytes long costs no more than this (its length is hashed with it).
 */
const MAX_HASHED = 4096;
/** a session sends the same id on every request: the last few are hashed once */
const REMEMBERED = 8;
const recent = new Map<string, string>();

/** `user` where it fits in `max` characters; else its SHA-256 (64 hex digits), the same for the same id. */
export function boundedUserId(user: string, max: number): string {
  if (user.length <= max) return user;
  const hashed = user.length <= MAX_HASHED ? user : `${user.slice(0, MAX_HASHED)}\u0000${user.length}`;
  let hex = recent.get(hashed);
  if (hex === undefined) {
    hex = sha256Hex(hashed);
    if (recent.size >= REMEMBERED) recent.delete(recent.keys().next().value!);
    recent.set(hashed, hex);
  }
  return hex.length <= max ? hex : hex.slice(0, max);
}
