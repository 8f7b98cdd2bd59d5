// A number that turns into an input when clicked and saves on Enter or blur.
import { useState } from 'react';

interface InlineNumberProps {
  value: number | null;
  label: string;
  format: (n: number | null) => string;
  onSave: (n: number | null) => Promise<boolean>;
  /** empty input means null */
  nullable?: boolean;
  step?: string;
  min?: number;
  max?: number;
}

export function InlineNumber({ value, label, format, onSave, nullable, step = 'any', min, max }: InlineNumberProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);

  const start = () => {
    setDraft(value === null ? '' : String(value));
    setInvalid(false);
    setEditing(true);
  };
  const commit = async () => {
    const trimmed = draft.trim();
    const next = trimmed === '' && nullable ? null : Number(trimmed);
    if (next !== null && (trimmed === '' || !Number.isFinite(next))) return setInvalid(true);
    if (next === value) return setEditing(false);
    if (await onSave(next)) setEditing(false);
    else setInvalid(true);
  };

  if (!editing) {
    return (
      <button type="button" className="inline-edit" aria-label={`${label}: ${format(value)}. Edit`} onClick={start}>
        {format(value)}
      </button>
    );
  }
  return (
    <input
      className={invalid ? 'inline-input invalid' : 'inline-input'}
      type="number"
      aria-label={label}
      aria-invalid={invalid}
      step={step}
      min={min}
      max={max}
      autoFocus
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void commit()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void commit();
        if (e.key === 'Escape') setEditing(false);
      }}
    />
  );
}
