// The seal on Claude's thinking a client holds for Switchboard (core/switchboard-thinking.ts): HMAC-SHA256 under
// this install's secret (DATA_DIR/thinking-key, 0600, made on first start: app-files.ts), keyed to the profile, so a
// value another install or another profile was given, or one a client made up, is read as no thinking at all.
import { createHmac } from 'node:crypto';
import type { ThinkingSeal } from '../../core/switchboard-thinking';

/**
 * The seal of one profile under an install's secret: the profile's key is derived on the first value sealed or
 * opened (every Responses and Gemini request is given a seal; most never use it), each value MACed with it.
 */
export function thinkingSeal(installKey: Uint8Array, profileId: string): ThinkingSeal {
  let key: Buffer | undefined;
  return {
    mac: (payload) => {
      key ??= createHmac('sha256', installKey).update(`switchboard thinking seal\0${profileId}`).digest();
      return createHmac('sha256', key).update(payload).digest();
    },
  };
}

/** The request's profile's seal; none (nothing sealed, nothing read back) where the proxy was given no key. */
export function thinkingSealOf(deps: { thinkingKey?: Uint8Array }, profileId: string): ThinkingSeal | undefined {
  return deps.thinkingKey ? thinkingSeal(deps.thinkingKey, profileId) : undefined;
}
