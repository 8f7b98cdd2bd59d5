// A number that turns into an input when clicked and saves on Enter or blur.
import { useId, useState } from 'react';
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
  /** an amount in dollars: a leading `$` (as the cell shows it) is read past */
  dollars?: boolean;
  /** what the field takes, shown (and tied to the input) when what was typed is not a number */
  hint: string;
}

/**
 * What the input holds, as saved: null when emptied (if `nullable`), 'invalid' when it is not a decimal.
 * `dollars`: `$0.50`, as the cell shows a price, reads as 0.5.
 */
export function inlineValue(text: string, nullable: boolean, dollars = false): number | null | 'invalid' {
  if (text.trim() === '' && nullable) return null;
  const amount = dollars ? text.replace(/^\s*\$\s*/, '') : text;
  // a price is plain digits: no sign (the server refuses a negative one in its own words) and no exponent (1e3 for
  // 1e-3 would save $1,000 per 1M tokens without a word)
  if (dollars && !PLAIN_AMOUNT.test(amount)) return 'invalid';
  return readDecimal(amount) ?? 'invalid';
}

const PLAIN_AMOUNT = /^\s*(?:\d+\.?\d*|\.\d+)\s*$/;

/** A number as the input shows it to edit: a price in plain digits, as it must be typed (String(1e-7) is `1e-7`). */
export function draftOf(value: number | null, dollars: boolean): string {
  if (value === null) return '';
  const text = String(value);
  return dollars && /e/i.test(text) ? value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function InlineNumber({ value, label, format, onSave, nullable, integer, dollars, hint }: InlineNumberProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  // 'unreadable': not a number (the hint says what is); 'refused': the save failed (its error was shown already)
  const [problem, setProblem] = useState<'unreadable' | 'refused' | null>(null);
  const hintId = useId();

  const start = () => {
    setDraft(draftOf(value, dollars === true));
    setProblem(null);
    setEditing(true);
  };
  const commit = async () => {
    // opened and left as it was: nothing to save (a draft in plain digits may not read back as the very same number)
    if (draft === draftOf(value, dollars === true)) return setEditing(false);
    const next = inlineValue(draft, nullable === true, dollars === true);
    if (next === 'invalid') return setProblem('unreadable');
    if (next === value) return setEditing(false);
    if (await onSave(next)) setEditing(false);
    else setProblem('refused');
  };

  if (!editing) {
    return (
      <button type="button" className="inline-edit" aria-label={`${label}: ${format(value)}. Edit`} onClick={start}>
        {format(value)}
      </button>
    );
  }
  const unreadable = problem === 'unreadable';
  // text, not type=number: a number input reports what it cannot read (1e, --2) as empty, which saves as null
  return (
    <span className="inline-number">
      <input
        className={problem ? 'inline-input invalid' : 'inline-input'}
        inputMode={integer ? 'numeric' : 'decimal'}
        aria-label={label}
        aria-invalid={problem !== null}
        aria-describedby={unreadable ? hintId : undefined}
        autoFocus
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          if (unreadable) setProblem(null);
        }}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void commit();
          if (e.key === 'Escape') setEditing(false);
        }}
      />
      {unreadable && <span id={hintId} className="field-error inline-error">{hint}</span>}
    </span>
  );
}
