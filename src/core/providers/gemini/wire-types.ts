// The slice of Google's Gemini REST shapes (v1beta) this adapter reads and writes.
// Field names are Google's JSON names (camelCase).

export interface GeminiFunctionCall {
  /** present on some responses (Gemini 3, Live API); never sent back, see request.ts */
  id?: string;
  name: string;
  args?: Record<string, unknown>;
}

export interface GeminiFunctionResponse {
  name: string;
  response: Record<string, unknown>;
}

export interface GeminiPart {
  text?: string;
  /** the part is a thought summary, not answer text */
  thought?: boolean;
  /** opaque reasoning state Gemini 3 attaches to function calls and wants back */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role?: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface GeminiThinkingConfig {
  thinkingBudget?: number;
  /** Gemini 3's effort (`minimal` on Flash only); not with thinkingBudget */
  thinkingLevel?: 'minimal' | 'low' | 'medium' | 'high';
  includeThoughts?: boolean;
}

export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseLogprobs?: boolean;
  logprobs?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  responseMimeType?: string;
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: ({ functionDeclarations: GeminiFunctionDeclaration[] } | { google_search: Record<string, never> })[];
  toolConfig?: {
    functionCallingConfig: { mode: 'AUTO' | 'NONE' | 'ANY'; allowedFunctionNames?: string[] };
  };
  generationConfig?: GeminiGenerationConfig;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  /** the prompt's tokens by modality (`TEXT`, `IMAGE`, `VIDEO`, `AUDIO`, `DOCUMENT`), cached ones included */
  promptTokensDetails?: GeminiModalityTokenCount[];
  /** the cached part of the prompt by modality */
  cacheTokensDetails?: GeminiModalityTokenCount[];
  /** the answer's tokens by modality (an image model's `IMAGE`, a TTS model's `AUDIO`) */
  candidatesTokensDetails?: GeminiModalityTokenCount[];
  /** Vertex AI's word for the tier that served it: `ON_DEMAND`, `ON_DEMAND_FLEX`, `ON_DEMAND_PRIORITY`, ... */
  trafficType?: string;
  /** the Gemini API's (not Vertex's): the tier that served the request, `standard`, `flex` or `priority` */
  serviceTier?: string;
}

export interface GeminiModalityTokenCount {
  modality?: string;
  tokenCount?: number;
}

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  /**
   * what Google Search grounding did for this candidate: `webSearchQueries`, the queries it ran; `groundingChunks`,
   * the sources (`{web: {uri, title}}`); `groundingSupports`, which of them back which span of the text
   */
  groundingMetadata?: { webSearchQueries?: unknown; groundingChunks?: unknown; groundingSupports?: unknown };
  finishReason?: string;
  /** Google's words on why the answer ended (e.g. the malformed call's text) */
  finishMessage?: string;
  index?: number;
}

/** Google's error envelope: `{error:{code, message, status, details}}`. */
export interface GeminiErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: Record<string, unknown>[];
}

export interface GeminiGenerateContentResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  error?: GeminiErrorBody;
}

export interface GeminiBatchEmbedRequest {
  requests: {
    model: string;
    content: { parts: { text: string }[] };
    outputDimensionality?: number;
  }[];
}

export interface GeminiModelInfo {
  name: string;
  displayName?: string;
  supportedGenerationMethods?: string[];
  inputTokenLimit?: number;
  outputTokenLimit?: number;
}
