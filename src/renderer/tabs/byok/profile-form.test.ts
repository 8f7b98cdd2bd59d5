import { describe, expect, it } from 'vitest';
import type { User } from '../../../shared/types';
import { profileForm, profilePatch, readProfileForm, suggestedProfileId } from './profile-form';

const alice = {
  id: 'alice', name: 'Alice', power_level: 'eco', monthly_cap_usd: null, credit_balance_usd: 1, preferred_models: [], privacy_guard: 'off',
} as unknown as User;

const fieldsOf = (f: ReturnType<typeof profileForm>, opened?: ReturnType<typeof profileForm>) => {
  const r = readProfileForm(f, opened);
  if (!r.ok) throw new Error(r.message);
  return r.fields;
};

describe('profile form', () => {
  it('sends on Edit only what the user changed, never the balance the dialog opened with', () => {
    const opened = profileForm(alice);
    expect(profilePatch(opened, fieldsOf({ ...opened, name: ' Alice B ' }))).toEqual({ name: 'Alice B' });
    expect(profilePatch(opened, fieldsOf(opened))).toEqual({});
    expect(profilePatch(opened, fieldsOf({ ...opened, credit: '', cap: '5', power_level: 'precision' })))
      .toEqual({ credit_balance_usd: null, monthly_cap_usd: 5, power_level: 'precision' });
    // the same amount typed differently is no change
    expect(profilePatch(opened, fieldsOf({ ...opened, credit: '1.00' }))).toEqual({});
  });

  it('shows a balance drawn down by float costs as the admin API gives it (12 decimals), and leaves it unsent when untouched', () => {
    // the desktop window reads the service over IPC, unrounded
    const drawn = profileForm({ ...alice, credit_balance_usd: 0.3 - 0.1 - 0.1 - 0.08 } as User);
    expect(drawn.credit).toBe('0.02');
    expect(profilePatch(drawn, fieldsOf({ ...drawn, name: 'Al' }, drawn))).toEqual({ name: 'Al' });
  });

  it('edits a profile whose credit the proxy overdrew without touching its balance; a balance typed is 0 or more', () => {
    const overdrawn = profileForm({ ...alice, credit_balance_usd: -0.002 } as User);
    expect(overdrawn.credit).toBe('-0.002');
    expect(profilePatch(overdrawn, fieldsOf({ ...overdrawn, power_level: 'precision' }, overdrawn))).toEqual({ power_level: 'precision' });
    expect(readProfileForm({ ...overdrawn, credit: '-1' }, overdrawn)).toMatchObject({ ok: false, field: 'credit_balance_usd' });
    expect(profilePatch(overdrawn, fieldsOf({ ...overdrawn, credit: '2' }, overdrawn))).toEqual({ credit_balance_usd: 2 });
  });

  it('takes an optional id for a new profile, checked as the server checks it', () => {
    const blank = profileForm(null);
    expect(readProfileForm({ ...blank, name: 'Иван' })).toMatchObject({ ok: true, id: undefined });
    expect(readProfileForm({ ...blank, name: 'Иван', id: ' ivan ' })).toMatchObject({ ok: true, id: 'ivan' });
    expect(readProfileForm({ ...blank, name: 'Иван', id: 'Ivan!' })).toMatchObject({ ok: false, field: 'id' });
    expect(readProfileForm({ ...blank, name: ' ' })).toMatchObject({ ok: false, field: 'name' });
    expect(readProfileForm({ ...blank, name: 'x', credit: '-1' })).toMatchObject({ ok: false, field: 'credit_balance_usd' });
    expect(suggestedProfileId('Kid Laptop')).toBe('kid-laptop');
    expect(suggestedProfileId('Иван')).toBe('profile');
  });

  it('starts a new profile at the current default level, an edited one at its own', () => {
    expect(profileForm(null, 'precision').power_level).toBe('precision');
    expect(fieldsOf({ ...profileForm(null, 'eco'), name: 'Kid' }).power_level).toBe('eco');
    expect(profileForm(alice, 'precision').power_level).toBe('eco');
  });
});

describe('profile form amounts', () => {
  it('refuses a cap or balance typed in hex, binary or octal, which Number() reads as another amount', () => {
    const blank = { ...profileForm(null), name: 'Bob' };
    expect(readProfileForm({ ...blank, cap: '0x10' })).toMatchObject({ ok: false, field: 'monthly_cap_usd' });
    expect(readProfileForm({ ...blank, credit: '0b11' })).toMatchObject({ ok: false, field: 'credit_balance_usd' });
    expect(readProfileForm({ ...blank, credit: '0o17' })).toMatchObject({ ok: false, field: 'credit_balance_usd' });
    expect(readProfileForm({ ...blank, cap: '16', credit: '2.5e1' })).toMatchObject({ ok: true, fields: { monthly_cap_usd: 16, credit_balance_usd: 25 } });
  });
});
