// Edits name -> ordered list of model ids (aliases and fallback chains): add, remove, reorder.
import { useId } from 'react';
import { Badge } from '../../components/badge';
import type { ChainEntryNote } from './chain-entry';
import { newChainRow, type ChainRow } from './routing-draft';

interface ChainEditorProps {
  title: string;
  description: string;
  nameLabel: string;
  namePlaceholder: string;
  rows: ChainRow[];
  modelIds: string[];
  /** a badge for an entry that is a disabled model, no known name, or a name not allowed in this chain (`chain`, its entries) */
  entryNote: (entry: string, chain: readonly string[]) => ChainEntryNote | null;
  error: string | null;
  onChange: (rows: ChainRow[]) => void;
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item as T);
  return copy;
}

export function ChainEditor({ title, description, nameLabel, namePlaceholder, rows, modelIds, entryNote, error, onChange }: ChainEditorProps) {
  const listId = useId();
  const replace = (i: number, row: ChainRow) => onChange(rows.map((r, j) => (j === i ? row : r)));

  return (
    <section className="card card-pad chain-editor" aria-label={title}>
      <div className="section-head compact">
        <div>
          <h2>{title}</h2>
          <p className="muted">{description}</p>
        </div>
        <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newChainRow()])}>
          Add
        </button>
      </div>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      {rows.length === 0 && <div className="empty-state small">None yet.</div>}
      <datalist id={listId}>
        {modelIds.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      {rows.map((row, i) => (
        <div className="chain" key={row.key}>
          <div className="chain-head">
            <label className="sr-only" htmlFor={`${row.key}-name`}>
              {nameLabel}
            </label>
            <input
              id={`${row.key}-name`}
              className="chain-name"
              placeholder={namePlaceholder}
              list={nameLabel.startsWith('Model') ? listId : undefined}
              value={row.name}
              onChange={(e) => replace(i, { ...row, name: e.target.value })}
            />
            <span aria-hidden="true" className="muted">
              →
            </span>
            <button
              type="button"
              className="btn btn-small btn-danger-text"
              aria-label={`Remove ${row.name || 'this chain'}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
          <ol className="chain-models">
            {row.models.map((m, k) => {
              const note = entryNote(m, row.models);
              const noteId = `${row.key}-m${k}-note`;
              return (
                <li key={k}>
                  <label className="sr-only" htmlFor={`${row.key}-m${k}`}>
                    Model {k + 1} of {row.name}
                  </label>
                  <input
                    id={`${row.key}-m${k}`}
                    aria-describedby={note ? noteId : undefined}
                    list={listId}
                    value={m}
                    placeholder="provider/model"
                    onChange={(e) => replace(i, { ...row, models: row.models.map((x, j) => (j === k ? e.target.value : x)) })}
                  />
                  <button type="button" className="btn-icon" aria-label={`Move ${m} up`} disabled={k === 0} onClick={() => replace(i, { ...row, models: move(row.models, k, k - 1) })}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn-icon"
                    aria-label={`Move ${m} down`}
                    disabled={k === row.models.length - 1}
                    onClick={() => replace(i, { ...row, models: move(row.models, k, k + 1) })}
                  >
                    ↓
                  </button>
                  <button type="button" className="btn-icon" aria-label={`Remove ${m}`} onClick={() => replace(i, { ...row, models: row.models.filter((_, j) => j !== k) })}>
                    ×
                  </button>
                  {note && (
                    <div className="chain-entry-note" id={noteId} data-testid="chain-entry-note">
                      <Badge tone="warn" title={note.title}>{note.text}</Badge>
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => replace(i, { ...row, models: [...row.models, ''] })}>
            + Model
          </button>
        </div>
      ))}
    </section>
  );
}
