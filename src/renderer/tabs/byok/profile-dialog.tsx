// Create / edit a profile: its id (new ones only), power level, monthly cap, credit balance, privacy guard.
import { useEffect, useState, type FormEvent } from 'react';
import { POWER_LEVELS, PRIVACY_GUARDS, type PowerLevel, type PrivacyGuard, type User } from '../../../shared/types';
import { Field } from '../../components/field';
import { FormFooter, Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import { useStatusStore } from '../../header/status-store';
import { errorSlot } from '../../lib/errors';
import { useByokStore } from './byok-store';
import { profileForm, profilePatch, readProfileForm, suggestedProfileId, type ProfileForm } from './profile-form';

export const GUARD_LABELS: Record<PrivacyGuard, string> = {
  off: 'Off',
  local_only: 'Secrets stay local',
  block: 'Block secrets',
};

const EDIT_FIELDS = ['name', 'power_level', 'privacy_guard', 'monthly_cap_usd', 'credit_balance_usd'] as const;
const NEW_FIELDS = [...EDIT_FIELDS, 'id'] as const;

export function ProfileDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { createUser, updateUser } = useByokStore();
  // the parent remounts this dialog per profile: what it opened with is what an Edit compares against
  // a new profile starts at the level `auto` has for the Default profile (the Routing tab's and the tray's),
  // asked afresh as the dialog opens: the polled status may be seconds old
  const defaultLevel = useStatusStore((s) => s.status?.power_level);
  const [opened] = useState(() => profileForm(user, defaultLevel));
  const [picked, setForm] = useState<ProfileForm>(opened);
  const [levelPicked, setLevelPicked] = useState(false);
  useEffect(() => {
    if (!user) void useStatusStore.getState().load();
  }, [user]);
  // until a level is picked, a new profile's follows the Default profile's as the status arrives
  const form = !user && !levelPicked && defaultLevel ? { ...picked, power_level: defaultLevel } : picked;
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ProfileForm>(k: K, v: ProfileForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const slot = error && errorSlot(error.field, user ? EDIT_FIELDS : NEW_FIELDS);
  const fe = (f: string) => (error && slot === f ? error.message : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const read = readProfileForm(form, user ? opened : undefined);
    if (!read.ok) return setError(read);
    setBusy(true);
    const r = user ? await updateUser(user.id, profilePatch(opened, read.fields)) : await createUser({ ...(read.id ? { id: read.id } : {}), ...read.fields });
    setBusy(false);
    if (!r.ok) return setError({ field: r.error.field ?? '', message: r.error.message });
    toast.ok(user ? `Saved ${read.fields.name}` : `Created ${read.fields.name}`);
    onClose();
  };

  return (
    <Modal
      open
      title={user ? `Edit ${user.name}` : 'New profile'}
      onClose={onClose}
      footer={<FormFooter form="profile-form" label={user ? 'Save' : 'Create profile'} busy={busy} onCancel={onClose} />}
    >
      <form id="profile-form" className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        {error && slot === 'form' && <div className="error-box span-2" role="alert">{error.message}</div>}
        <Field label="Name" error={fe('name')} className="span-2">
          {(id, d) => <input id={id} aria-describedby={d} aria-invalid={!!fe('name')} value={form.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        {!user && (
          <Field label="Id" error={fe('id')} hint="How the admin API, usage and activity name it. Leave empty to use the name." className="span-2">
            {(id, d) => (
              <input id={id} aria-describedby={d} aria-invalid={!!fe('id')} value={form.id} placeholder={suggestedProfileId(form.name)} onChange={(e) => set('id', e.target.value)} />
            )}
          </Field>
        )}
        <Field label="Power level" error={fe('power_level')} hint="What auto means for this profile.">
          {(id, d) => (
            <select id={id} aria-describedby={d} value={form.power_level} onChange={(e) => {
              setLevelPicked(true);
              set('power_level', e.target.value as PowerLevel);
            }}>
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
            <select id={id} aria-describedby={d} value={form.privacy_guard} onChange={(e) => set('privacy_guard', e.target.value as PrivacyGuard)}>
              {PRIVACY_GUARDS.map((g) => (
                <option key={g} value={g}>
                  {GUARD_LABELS[g]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {/* text, not type=number: a number input reports what it cannot read (1e, --2) as empty, which here lifts the cap */}
        <Field label="Monthly cap (USD)" error={fe('monthly_cap_usd')} hint="Per UTC month. Empty = no cap.">
          {(id, d) => <input id={id} aria-describedby={d} aria-invalid={!!fe('monthly_cap_usd')} inputMode="decimal" value={form.cap} onChange={(e) => set('cap', e.target.value)} />}
        </Field>
        <Field label="Credit balance (USD)" error={fe('credit_balance_usd')} hint="Empty = unlimited.">
          {(id, d) => <input id={id} aria-describedby={d} aria-invalid={!!fe('credit_balance_usd')} inputMode="decimal" value={form.credit} onChange={(e) => set('credit', e.target.value)} />}
        </Field>
      </form>
    </Modal>
  );
}
