// Names one model goes by.

/** Ollama's default tag: `llama3.2` and `llama3.2:latest` are one model (Ollama lists the second). */
export const withoutLatestTag = (n: string): string => n.replace(/:latest$/i, '');

/** The other spelling of a name under Ollama's default tag (`x` <-> `x:latest`), or undefined where it has none. */
export function latestTagTwin(name: string): string | undefined {
  const bare = withoutLatestTag(name);
  if (bare !== name) return bare;
  // a name with a tag of its own (`qwen3:8b`) has no `:latest` twin
  return name.slice(name.lastIndexOf('/') + 1).includes(':') ? undefined : `${name}:latest`;
}

/**
 * An Ollama cloud model's name (Ollama 0.12+): a tag that is `cloud` or ends in `-cloud` (`gpt-oss:120b-cloud`,
 * `glm-4.6:cloud`). The local daemon forwards such a model's prompts to ollama.com, which runs and bills it.
 */
export const isOllamaCloudName = (n: string): boolean => /:(?:[^:/]*-)?cloud$/i.test(n);
