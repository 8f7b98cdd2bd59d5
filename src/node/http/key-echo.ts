// An upstream that sends the key it was given back in a successful answer (an echo endpoint, a
// misconfigured gateway, a hostile server) would hand it to whoever holds the proxy token. Such an
// answer is withheld: the attempt fails over, and the client ends with a 502 naming the reason.
import { UpstreamFailure, type UpstreamError } from '../../core/canonical';
import { jsonContainsSecret } from '../../core/redact';

export const KEY_ECHO_ERROR: UpstreamError = {
  // the provider's fault: another candidate may serve, and this one cools down
  kind: 'server',
  message: "the provider's answer contained the API key it was sent, so it was withheld",
};

/** Throws UpstreamFailure when the JSON text carries one of the keys sent (in any spelling redaction knows, JSON escapes included). */
export function refuseKeyEcho(text: string, sentKeys: readonly (string | undefined)[]): void {
  if (jsonContainsSecret(text, sentKeys)) throw new UpstreamFailure(KEY_ECHO_ERROR);
}
