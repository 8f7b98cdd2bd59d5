// GET /v1/models: the routing names, the aliases, then every enabled model as `provider/model`.
import type { CatalogSnapshot } from '../../core/catalog';

const ROUTING_NAMES = ['auto', 'eco', 'balanced', 'precision'];

export function listModelNames(snapshot: CatalogSnapshot): { object: 'list'; data: { id: string; object: 'model'; created: number; owned_by: string }[] } {
  const created = 0;
  const data = ROUTING_NAMES.map((id) => ({ id, object: 'model' as const, created, owned_by: 'switchboard' }));
  for (const alias of Object.keys(snapshot.rules.aliases)) data.push({ id: alias, object: 'model', created, owned_by: 'switchboard' });
  for (const m of snapshot.models) {
    const p = snapshot.providers.get(m.providerId);
    if (m.enabled && p?.enabled) data.push({ id: m.id, object: 'model', created, owned_by: m.providerId });
  }
  return { object: 'list', data };
}
