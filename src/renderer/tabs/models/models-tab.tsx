// Models: the routable catalog, sortable and filterable, with inline edits of price and quality.
import { useEffect, useMemo, useState } from 'react';
import { CAPABILITIES, type Capability } from '../../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../../shared/provider-types';
import { ActionsHeader } from '../../components/actions-header';
import { useNavigation } from '../../lib/navigation';
import { AsyncView } from '../../components/async-view';
import { AddModelDialog } from './add-model-dialog';
import { ModelRow } from './model-row';
import { filterModels, nextSort, sortModels, type ModelFilter, type SortDir, type SortKey } from './model-table';
import { useModelsStore } from './models-store';

interface Column {
  key: SortKey;
  label: string;
  numeric?: boolean;
  /** hidden on narrow windows (the provider is repeated under the model name) */
  narrowHidden?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'id', label: 'Model' },
  { key: 'provider_id', label: 'Provider', narrowHidden: true },
  { key: 'input_cost_per_1m', label: 'In $/1M', numeric: true },
  { key: 'output_cost_per_1m', label: 'Out $/1M', numeric: true },
  { key: 'context_length', label: 'Context', numeric: true },
];
const TAIL_COLUMNS: Column[] = [
  { key: 'quality', label: 'Quality', numeric: true },
  { key: 'avg_latency_ms', label: 'Latency', numeric: true, narrowHidden: true },
  { key: 'enabled', label: 'Enabled' },
];

export function ModelsTab() {
  const { models, providers, loading, error, load } = useModelsStore();
  // filtered to a provider when another tab sent the user here for its models
  const [filter, setFilter] = useState<ModelFilter>(() => ({ text: '', provider: useNavigation.getState().modelsProvider, capability: '' }));
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'id', dir: 'asc' });
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => useNavigation.getState().modelsFiltered(), []);

  const rows = useMemo(() => sortModels(filterModels(models ?? [], filter), sort.key, sort.dir), [models, filter, sort]);
  const openaiFormat = useMemo(() => new Set(providers.filter((p) => PROVIDER_TYPE_INFO[p.type].format === 'openai').map((p) => p.id)), [providers]);
  const header = (c: Column) => (
    <th
      key={c.key}
      scope="col"
      className={[c.numeric ? 'num' : '', c.narrowHidden ? 'hide-narrow' : ''].join(' ').trim() || undefined}
      aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" className="sort-button" onClick={() => setSort(nextSort(sort, c.key))}>
        {c.label}
        <span className="sort-arrow" aria-hidden="true">
          {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );

  return (
    <section aria-labelledby="models-title">
      <div className="section-head">
        <div>
          <h1 id="models-title">Models</h1>
          <p className="muted">
            Prices are USD per million tokens. Click a price or quality to edit it (empty: unknown, or $0 on a local runtime); Prices edits cache reads and
            writes and long-context tiers; Edit sets the name, context length and capabilities. A price you edit is yours: new app versions update only the bundled ones.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} disabled={providers.length === 0}>
          Add model
        </button>
      </div>
      <div className="toolbar" role="search">
        <label className="sr-only" htmlFor="model-filter-text">
          Filter models
        </label>
        <input
          id="model-filter-text"
          type="search"
          placeholder="Filter by name…"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <label className="sr-only" htmlFor="model-filter-provider">
          Provider
        </label>
        <select id="model-filter-provider" value={filter.provider} onChange={(e) => setFilter({ ...filter, provider: e.target.value })}>
          <option value="">All providers</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="model-filter-capability">
          Capability
        </label>
        <select
          id="model-filter-capability"
          value={filter.capability}
          onChange={(e) => setFilter({ ...filter, capability: e.target.value as Capability | '' })}
        >
          <option value="">Any capability</option>
          {CAPABILITIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <span className="muted toolbar-count" aria-live="polite">
          {models ? `${rows.length} of ${models.length}` : ''}
        </span>
      </div>
      <AsyncView
        loading={loading}
        error={error}
        hasData={models !== null}
        empty={models !== null && rows.length === 0}
        emptyText={models?.length === 0 ? 'No models yet. Add one, or use Discover models on the Providers tab.' : 'No model matches the filter.'}
        onRetry={() => void load()}
      >
        <div className="table-wrap card">
          <table className="table table-models">
            <thead>
              <tr>
                {COLUMNS.map(header)}
                <th scope="col">Capabilities</th>
                <th scope="col" className="hide-narrow" title="The OpenAI API the model is called on: Chat Completions, or the Responses API for models served only there">
                  API
                </th>
                {TAIL_COLUMNS.map(header)}
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <ModelRow key={m.id} model={m} openaiFormat={openaiFormat.has(m.provider_id)} />
              ))}
            </tbody>
          </table>
        </div>
      </AsyncView>
      {adding && <AddModelDialog providers={providers} defaultProvider={filter.provider} onClose={() => setAdding(false)} />}
    </section>
  );
}
