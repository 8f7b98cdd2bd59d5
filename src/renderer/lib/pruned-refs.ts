// What deleting a provider or a model takes out of the routing rules and profiles, in words (the confirm and the toast).
import type { PrunedRefs } from '../../shared/provider-delete-types';

const list = (names: readonly string[]) => names.join(', ');

/** One line per kind of list touched, empty when nothing is. */
export function prunedLines(p: PrunedRefs): string[] {
  const lines: string[] = [];
  if (p.fallbacks_removed.length) lines.push(`Fallback chains removed: ${list(p.fallbacks_removed)}`);
  if (p.fallbacks_shortened.length) lines.push(`Fallback chains shortened: ${list(p.fallbacks_shortened)}`);
  if (p.aliases_removed.length) lines.push(`Aliases removed: ${list(p.aliases_removed)}`);
  if (p.aliases_shortened.length) lines.push(`Aliases shortened: ${list(p.aliases_shortened)}`);
  if (p.profiles.length) lines.push(`Preferred models shortened for: ${list(p.profiles)}`);
  return lines;
}

/** The deleted toast's text: the provider, then what went with it. */
export function deletedMessage(name: string, p: PrunedRefs | undefined): string {
  const lines = p ? prunedLines(p) : [];
  return lines.length ? `Deleted ${name}. ${lines.join('. ')}.` : `Deleted ${name}`;
}
