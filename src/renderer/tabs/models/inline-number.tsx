// A number that turns into an input when clicked and saves on Enter or blur.
import { useState } from 'react';
import { readDecimal } from '../../lib/decimal';

interface InlineNumberProps {
  value: number | null;
  label: string;
  format: (n: number | null) => string;
  onSave: (n: number | null) => Promise<boolean>;
  /** empty input means null */
  nullable?: boolean;
  /** whole numbers only: the keypad a phone shows */
  integer?: boolean;
}

/** What the input holds, as saved: null when emptied (if `nullable`), 'invalid' when it is not a decimal. */
export function inlineValue(text: string, nullable: boolean): number | null | 'invalid' {
  if (text.trim() === '' && nullable) return null;
  return readDecimal(text) ?? 'invalid';
}

export function InlineNumber({ value, label, format, onSave, nullable, integer }: InlineNumberProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);

  const start = () => {
    setDraft(value === null ? '' : String(value));
    setInvalid(false);
    setEditing(true);
  };
  const commit = async () => {
    const next = inlineValue(draft, nullable === true);
    if (next === 'invalid') return setInvalid(true);
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
  // text, not type=number: a number input reports what it cannot read (1e, --2) as empty, which saves as null
  return (
    <input
      className={invalid ? 'inline-input invalid' : 'inline-input'}
      inputMode={integer ? 'numeric' : 'decimal'}
      aria-label={label}
      aria-invalid={invalid}
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
