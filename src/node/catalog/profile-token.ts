// Profile (proxy) tokens: `sb-` + 32 random bytes, shown once; only the SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';

export interface NewToken {
  raw: string;
  hash: string;
  /** enough to recognise it in a list, not to use it */
  prefix: string;
}

export const hashToken = (raw: string): string => createHash('sha256').update(raw, 'utf8').digest('hex');

export function generateToken(): NewToken {
  const raw = `sb-${randomBytes(32).toString('base64url')}`;
  return { raw, hash: hashToken(raw), prefix: `${raw.slice(0, 7)}…` };
}

/** Token row ids appear in URLs (`DELETE .../tokens/{token_id}`): short, random, unguessable enough. */
export const newTokenId = (): string => `tok_${randomBytes(9).toString('base64url')}`;
