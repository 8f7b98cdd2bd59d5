// Builds what the route simulator sends to previewRoute: the /v1/chat/completions body, and the profile it asks for.

/** A 1x1 PNG, enough for the router to see an image part. */
export const TINY_PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

export interface SimulatorInput {
  prompt: string;
  model: string;
  needsTools: boolean;
  hasImage: boolean;
  jsonMode: boolean;
}

export const SIMULATOR_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
} as const;

export function buildSimulatorRequest(input: SimulatorInput): Record<string, unknown> {
  const text = input.prompt.trim() === '' ? 'Hello' : input.prompt;
  const content = input.hasImage
    ? [
        { type: 'text', text },
        { type: 'image_url', image_url: { url: TINY_PNG_DATA_URL } },
      ]
    : text;
  return {
    model: input.model.trim() === '' ? 'auto' : input.model.trim(),
    messages: [{ role: 'user', content }],
    ...(input.needsTools ? { tools: [SIMULATOR_TOOL] } : {}),
    ...(input.jsonMode ? { response_format: { type: 'json_object' } } : {}),
  };
}

/** the profile that cannot be deleted, and the one a request without user_id is routed for */
const DEFAULT_PROFILE = 'default';

/**
 * The simulator's Profile list, each profile once: the default profile is the '' entry (previewRoute routes for it
 * when no user_id is sent), named as the profile is, and listed before the profiles have loaded too.
 */
export function simulatorProfiles(users: readonly { id: string; name: string }[]): { value: string; label: string }[] {
  const others = users.filter((u) => u.id !== DEFAULT_PROFILE);
  const own = users.find((u) => u.id === DEFAULT_PROFILE);
  return [{ value: '', label: own?.name ?? 'Default' }, ...others.map((u) => ({ value: u.id, label: u.name }))];
}
