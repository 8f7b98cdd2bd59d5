// Which logged requests count as errors: one definition for the Usage tab's error counts (usage_daily.errors),
// the Activity tab's Failed filter (and the tray's last error), the error-rate alert and the Activity row's badge.
// A request cut short is no failure: the client hung up (client_closed: Claude Code's Esc, a closed tab) or
// Switchboard quit under it (shutdown). Whatever it was served so far is still counted and billed.

/** The error kinds of a request cut short. */
export const CUT_SHORT_KINDS: readonly string[] = ['client_closed', 'shutdown'];

/** The client or Switchboard's shutdown ended the request, not a failure. */
export function isCutShort(errorKind: string | null): boolean {
  return errorKind !== null && CUT_SHORT_KINDS.includes(errorKind);
}

/** The request failed: it has an error kind, and not one of a request cut short. */
export function countsAsError(errorKind: string | null): boolean {
  return errorKind !== null && !isCutShort(errorKind);
}
