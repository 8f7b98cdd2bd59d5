// A profile's spend against its monthly cap, one rule for the Usage tab and the alerts.

/**
 * This month's spend as a share of the cap; null when there is no cap. A $0 cap is reached from the
 * start (the budget refuses every request with 402), so it reads as 1 (100%), or more once spent.
 */
export function capShare(spentUsd: number, capUsd: number | null): number | null {
  if (capUsd === null || !Number.isFinite(capUsd) || capUsd < 0) return null;
  if (capUsd === 0) return spentUsd > 0 ? Infinity : 1;
  return spentUsd / capUsd;
}
