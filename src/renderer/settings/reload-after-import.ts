// After a configuration import every store that holds server data reads it again, so no tab keeps
// showing (or, worse, saving back) what the import replaced. A tab not shown yet loads the same data.
import { useFirstRunStore } from '../first-run/first-run-store';
import { useStatusStore } from '../header/status-store';
import { useActivityStore } from '../tabs/activity/activity-store';
import { useByokStore } from '../tabs/byok/byok-store';
import { useModelsStore } from '../tabs/models/models-store';
import { useProvidersStore } from '../tabs/providers/providers-store';
import { isDirty, useRoutingStore } from '../tabs/routing/routing-store';
import { useUsageStore } from '../tabs/usage/usage-store';

/** Reloads every store. Returns whether unsaved Routing edits were replaced by the imported rules. */
export async function reloadAfterImport(): Promise<{ routingEditsReplaced: boolean }> {
  const routingEditsReplaced = isDirty(useRoutingStore.getState());
  // the old draft goes now, not when the reload answers: a Save in between, or a reload that fails,
  // must not send back the rules the import replaced
  useRoutingStore.setState({ rules: null, draft: null, saved: null, saveErrors: [] });
  const byok = async () => {
    await useByokStore.getState().load();
    await useByokStore.getState().loadKeys();
  };
  await Promise.all([
    useStatusStore.getState().load(),
    useFirstRunStore.getState().load(),
    useRoutingStore.getState().load(),
    useProvidersStore.getState().load(),
    useModelsStore.getState().load(),
    byok(),
    useUsageStore.getState().load(),
    useUsageStore.getState().loadSide(),
    useActivityStore.getState().load(),
  ]);
  return { routingEditsReplaced };
}
