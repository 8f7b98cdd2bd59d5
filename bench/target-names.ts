// What the same load is sent to: the fake upstream itself, a bare pass-through, Switchboard, Portkey.
export type TargetName = 'direct' | 'pass-through' | 'switchboard' | 'portkey';
export const TARGET_NAMES: readonly TargetName[] = ['direct', 'pass-through', 'switchboard', 'portkey'];
