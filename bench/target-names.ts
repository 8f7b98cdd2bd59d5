// What the same load is sent to: the fake upstream itself, a bare pass-through, Switchboard, Portkey,
// and with --baseline, Switchboard as it was at another commit.
export type TargetName = 'direct' | 'pass-through' | 'switchboard' | 'portkey' | 'baseline';
/** the targets of a default run (baseline only with --baseline) */
export const TARGET_NAMES: readonly TargetName[] = ['direct', 'pass-through', 'switchboard', 'portkey'];
