// Which models take audio input (the `audio` capability), by name, where a listing does not say: Gemini's
// own models (ai.google.dev/gemini-api/docs/audio), OpenAI's audio chat models (gpt-4o-audio-preview,
// gpt-4o-mini-audio-preview, gpt-audio, gpt-audio-mini), Mistral's Voxtral, and the same names on OpenRouter.

const GEMINI = /^gemini-/i;
const OPENAI_AUDIO = /^gpt-(?:4o(?:-mini)?-audio|audio)(?:-|$)/i;
const MISTRAL_AUDIO = /^voxtral-/i;

/** Whether a chat model of this provider type and name takes audio parts (a model that does not chat never does). */
export function takesAudioInput(providerType: string, modelName: string): boolean {
  switch (providerType) {
    case 'gemini':
      return GEMINI.test(modelName);
    case 'openai':
      return OPENAI_AUDIO.test(modelName);
    case 'mistral':
      return MISTRAL_AUDIO.test(modelName);
    case 'openrouter': {
      const [vendor, name = ''] = modelName.split('/', 2);
      return (vendor === 'google' && GEMINI.test(name)) || (vendor === 'openai' && OPENAI_AUDIO.test(name)) || (vendor === 'mistralai' && MISTRAL_AUDIO.test(name));
    }
    default:
      return false;
  }
}
