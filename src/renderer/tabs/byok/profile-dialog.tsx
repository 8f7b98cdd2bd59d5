// Create / edit a profile: power level, monthly cap, credit balance, privacy guard.
import { useState, type FormEvent } from 'react';
import { POWER_LEVELS, PRIVACY_GUARDS, type PowerLevel, type PrivacyGuard, type User } from '../../../shared/types';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import type { UiError } from '../../lib/errors';
import { useByokStore } from './byok-store';

export const GUARD_LABELS: Record<PrivacyGuard, string> = {
  off: 'Off',
  local_only: 'Secrets stay local',
  block: 'Block secrets',
};

const optionalNumber = (s: string): number | null | 'invalid' => {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : 'invalid';
};

export function ProfileDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { createUser, updateUser } = useByokStore();
  const [name, setName] = useState(user?.name ?? '');
  const [power, setPower] = useState<PowerLevel>(user?.power_level ?? 'balanced');
  const [cap, setCap] = useState(user?.monthly_cap_usd === null || !user ? '' : String(user.monthly_cap_usd));
  const [credit, setCredit] = useState(user?.credit_balance_usd === null || !user ? '' : String(user.credit_balance_usd));
  const [guard, setGuard] = useState<PrivacyGuard>(user?.privacy_guard ?? 'off');
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fe = (f: string) => (error?.field === f ? error.message : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad = (field: string, message: string) => setError({ status: 400, message, field });
    if (name.trim() === '') return bad('name', 'Name is required');
    const monthly_cap_usd = optionalNumber(cap);
    if (monthly_cap_usd === 'invalid') return bad('monthly_cap_usd', 'Dollars, 0 or more (empty = no cap)');
    const credit_balance_usd = optionalNumber(credit);
    if (credit_balance_usd === 'invalid') return bad('credit_balance_usd', 'Dollars, 0 or more (empty = unlimited)');
    const fields = { name: name.trim(), power_level: power, monthly_cap_usd, credit_balance_usd, privacy_guard: guard };
    setBusy(true);
    const r = user ? await updateUser(user.id, fields) : await createUser(fields);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    toast.ok(user ? `Saved ${fields.name}` : `Created ${fields.name}`);
    onClose();
  };

  return (
    <Modal
      open
      title={user ? `Edit ${user.name}` : 'New profile'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="profile-form" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : user ? 'Save' : 'Create profile'}
          </button>
        </>
      }
    >
      <form id="profile-form" className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        {error && !error.field && <div className="error-box span-2">{error.message}</div>}
        <Field label="Name" error={fe('name')} className="span-2">
          {(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Power level" error={fe('power_level')} hint="What auto means for this profile.">
          {(id, d) => (
            <select id={id} aria-describedby={d} value={power} onChange={(e) => setPower(e.target.value as PowerLevel)}>
              {POWER_LEVELS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Privacy guard" error={fe('privacy_guard')} hint="For prompts that look like they carry a secret.">
          {(id, d) => (
            <select id={id} aria-describedby={d} value={guard} onChange={(e) => setGuard(e.target.value as PrivacyGuard)}>
              {PRIVACY_GUARDS.map((g) => (
                <option key={g} value={g}>
                  {GUARD_LABELS[g]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Monthly cap (USD)" error={fe('monthly_cap_usd')} hint="Empty = no cap.">
          {(id, d) => <input id={id} aria-describedby={d} type="number" min="0" step="any" value={cap} onChange={(e) => setCap(e.target.value)} />}
        </Field>
        <Field label="Credit balance (USD)" error={fe('credit_balance_usd')} hint="Empty = unlimited.">
          {(id, d) => <input id={id} aria-describedby={d} type="number" min="0" step="any" value={credit} onChange={(e) => setCredit(e.target.value)} />}
        </Field>
      </form>
    </Modal>
  );
}
