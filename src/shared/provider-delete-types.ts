// Deleting a provider or a model (GET /api/v1/llm/providers/{id}/delete-preview, DELETE /api/v1/llm/providers/{id};
// GET /api/v1/llm/models/{id}/delete-preview, DELETE /api/v1/llm/models/{id}): what goes with its models from the
// routing rules and profiles.

/** The routing lists a deletion shortens or removes (model-refs pruning): ids, alias names, profile names. */
export interface PrunedRefs {
  /** fallback chains that go: of a model that goes, or with every model in them gone (keyed by their model) */
  fallbacks_removed: string[];
  fallbacks_shortened: string[];
  /** aliases left naming nothing go; the rest lose the names that go */
  aliases_removed: string[];
  aliases_shortened: string[];
  /** profiles whose preferred models (their own, or one of their own keys') lose entries */
  profiles: string[];
}

/** What deleting a provider would take with it (nothing is changed by asking). */
export interface ProviderDeletePreview {
  id: string;
  models: number;
  byok_entries: number;
  pruned: PrunedRefs;
}

/** What deleting a model would take with it (nothing is changed by asking). */
export interface ModelDeletePreview {
  id: string;
  pruned: PrunedRefs;
}
