// Today, Yesterday, 7 / 30 / 90 days, or a custom from/to.
import { useState, type FormEvent } from 'react';
import { isoDay } from './chart-data';
import { PRESETS, customRangeProblem, sameRange, type UsageRange } from './usage-range';

export function RangePicker({ range, onChange }: { range: UsageRange; onChange: (r: UsageRange) => void }) {
  const [today] = useState(() => isoDay(Date.now()));
  const [custom, setCustom] = useState(() =>
    range.kind === 'custom' ? { from: range.from, to: range.to } : { from: isoDay(Date.now() - 6 * 86_400_000), to: isoDay(Date.now()) });
  const [open, setOpen] = useState(range.kind === 'custom');
  const [invalid, setInvalid] = useState<string | null>(null);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const problem = customRangeProblem(custom.from, custom.to);
    setInvalid(problem);
    if (problem === null) onChange({ kind: 'custom', ...custom });
  };

  return (
    <div className="range-picker">
      <div className="range-buttons" role="group" aria-label="Range">
        {PRESETS.map((p) => (
          <button
            key={p.label}
            type="button"
            className={sameRange(p.range, range) ? 'btn btn-small btn-on' : 'btn btn-small'}
            aria-pressed={sameRange(p.range, range)}
            onClick={() => {
              setOpen(false);
              onChange(p.range);
            }}
          >
            {p.label}
          </button>
        ))}
        <button type="button" className={range.kind === 'custom' ? 'btn btn-small btn-on' : 'btn btn-small'} aria-pressed={range.kind === 'custom'} aria-expanded={open} onClick={() => setOpen(!open)}>
          Custom…
        </button>
      </div>
      {open && (
        <form className="range-custom" onSubmit={apply} noValidate>
          <span className="inline-label">
            <label htmlFor="usage-from">From</label>
            <input id="usage-from" type="date" value={custom.from} max={today} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
          </span>
          <span className="inline-label">
            <label htmlFor="usage-to">To</label>
            <input id="usage-to" type="date" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
          </span>
          <button type="submit" className="btn btn-small btn-primary">
            Show
          </button>
          {invalid && <span className="field-error">{invalid}</span>}
        </form>
      )}
    </div>
  );
}
