// The profile dialog's form, kept pure so it is unit-tested: text fields <-> a profile, checked before saving.
// On Edit only the fields the user changed are sent: the list the dialog opened from may be older than the
// profile (the proxy spends its credit down), and sending it all back would undo what happened since.
import type { PowerLevel, PrivacyGuard, User, UserCreate, UserUpdate } from '../../../shared/types';
import { SLUG_RE, SLUG_RULE, slugify } from '../../../shared/validate';
import { readDecimal } from '../../lib/decimal';
import { usdDecimal } from '../../../shared/money';

export interface ProfileForm {
  /** New profile only; empty = derived from the name */
  id: string;
  name: string;
  power_level: PowerLevel;
  /** dollars as typed; empty = no cap */
  cap: string;
  /** dollars as typed; empty = unlimited */
  credit: string;
  privacy_guard: PrivacyGuard;
}

export type ProfileFields = Required<Pick<UserCreate, 'name' | 'power_level' | 'monthly_cap_usd' | 'credit_balance_usd' | 'privacy_guard'>>;

export type ProfileRead = { ok: true; id: string | undefined; fields: ProfileFields } | { ok: false; field: string; message: string };

/** as the admin API gives money: 12 decimals, so a balance drawn down by float costs reads 0.02, not 0.019999999999999976 */
const dollars = (n: number | null | undefined): string => (n === null || n === undefined ? '' : usdDecimal(n));

/**
 * `defaultLevel`: the level `auto` has now for the Default profile (the Routing tab's and the tray's), where a
 * new profile starts, as the Routing tab says.
 */
export function profileForm(user: User | null, defaultLevel: PowerLevel = 'balanced'): ProfileForm {
  return {
    id: '',
    name: user?.name ?? '',
    power_level: user?.power_level ?? defaultLevel,
    cap: dollars(user?.monthly_cap_usd),
    credit: dollars(user?.credit_balance_usd),
    privacy_guard: user?.privacy_guard ?? 'off',
  };
}

/** The base of the id the server derives from the name (it adds -2, -3, ... when that one is taken). */
export const suggestedProfileId = (name: string): string => slugify(name) || 'profile';

/**
 * `was`: the field as the dialog opened. Left as it was, it stands even below 0 (the proxy lets a profile's last
 * request overdraw its credit); a value typed must be 0 or more.
 */
const optionalDollars = (s: string, was: string | undefined): number | null | 'invalid' => {
  if (s.trim() === '') return null;
  const n = readDecimal(s);
  return n !== null && (n >= 0 || s === was) ? n : 'invalid';
};

/**
 * The form as the API takes it, or the first field that needs attention. `opened`: the form as the dialog
 * opened (an Edit), whose amounts are taken as they were.
 */
export function readProfileForm(f: ProfileForm, opened?: ProfileForm): ProfileRead {
  const id = f.id.trim();
  if (f.name.trim() === '') return { ok: false, field: 'name', message: 'Name is required' };
  if (id !== '' && !SLUG_RE.test(id)) return { ok: false, field: 'id', message: `Must be ${SLUG_RULE}` };
  const monthly_cap_usd = optionalDollars(f.cap, opened?.cap);
  if (monthly_cap_usd === 'invalid') return { ok: false, field: 'monthly_cap_usd', message: 'Dollars, 0 or more (empty = no cap)' };
  const credit_balance_usd = optionalDollars(f.credit, opened?.credit);
  if (credit_balance_usd === 'invalid') return { ok: false, field: 'credit_balance_usd', message: 'Dollars, 0 or more (empty = unlimited)' };
  return {
    ok: true,
    id: id || undefined,
    fields: { name: f.name.trim(), power_level: f.power_level, monthly_cap_usd, credit_balance_usd, privacy_guard: f.privacy_guard },
  };
}

/** The fields that differ from the form as the dialog opened: what an Edit sends. */
export function profilePatch(opened: ProfileForm, now: ProfileFields): UserUpdate {
  const before = readProfileForm(opened, opened);
  const changed = Object.entries(now).filter(([k, v]) => !before.ok || before.fields[k as keyof ProfileFields] !== v);
  return Object.fromEntries(changed) as UserUpdate;
}
