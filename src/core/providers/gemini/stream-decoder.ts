// streamGenerateContent?alt=sse -> canonical stream parts. Every SSE event is a whole
// GenerateContentResponse; there is no [DONE], so a stream is complete only once a
// finishReason has arrived. usageMetadata repeats on every chunk as a running total, so
// only the latest figures are reported, when the stream finishes (or, cut short, read through
// runningUsage). With candidateCount > 1 the candidates' chunks interleave, each naming its
// `index`: the answer is candidate 0, but the total keeps growing after its finish, so figures
// newer than those reported with the finish are reported again at the end.
import type { AnswerReadOptions, FinishReason, SseEvent, StreamDecoder, StreamPart, UpstreamError, Usage } from '../../canonical';
import { geminiErrorOf, geminiUpstreamError } from './errors';
import { generatedResponseId } from '../../ids';
import { blockedPromptError, droppedPartName, invalidCallError, mapFinishReason, mapUsage, searchQueriesOf, toolCallFrom, unansweredStopError, withSearches } from './response';
import { GroundingCollector } from './grounding';
import type { GeminiGenerateContentResponse } from './wire-types';

function streamError(message: string): UpstreamError {
  return { kind: 'stream', message };
}

export function createGeminiStreamDecoder(opts?: AnswerReadOptions): StreamDecoder {
  let started = false;
  let toolCalls = 0;
  let usage: Usage | undefined;
  /** the Google Search queries each candidate's grounding ran, by index: its groundingMetadata may come in any chunk */
  const searches = new Map<number, number>();
  /** candidate 0's grounding, told (a web-search part) at the end: its queries and sources may come in different chunks */
  const grounding = new GroundingCollector();
  /** the figures last reported, as JSON */
  let usageSent: string | undefined;
  let finish: FinishReason | undefined;
  /** an error part went out: the stream is over, whatever follows */
  let failed = false;
  /** the names of the parts candidate 0 sent that no canonical part carries (an image, code it ran), once each */
  const dropped: string[] = [];
  /** candidate 0 gave answer text or a call: a later abnormal stop ends an answer, not an empty one */
  let answered = false;

  function fail(error: UpstreamError): StreamPart[] {
    failed = true;
    return [{ type: 'error', error }];
  }

  function takeUsage(): StreamPart[] {
    const figures = usage && JSON.stringify(usage);
    if (!usage || figures === usageSent) return [];
    usageSent = figures;
    return [{ type: 'usage', usage }];
  }

  function onChunk(chunk: GeminiGenerateContentResponse): StreamPart[] {
    // before `start`, so a refused prompt looks like a failed request, not a broken stream; forwarded,
    // it is Google's answer (parseGeminiChatResponse), read as an empty filtered one
    const blocked = blockedPromptError(chunk);
    if (blocked && !opts?.forwarded) return fail(blocked);
    const out: StreamPart[] = [];
    if (!started) {
      started = true;
      const start: StreamPart = { type: 'start', id: chunk.responseId || generatedResponseId(), model: chunk.modelVersion ?? '' };
      // Google states the prompt's size on the first chunk: clients that announce it up front get it exact
      const prompt = chunk.usageMetadata?.promptTokenCount;
      if (typeof prompt === 'number' && Number.isFinite(prompt)) {
        start.inputTokens = prompt;
        // part of the prompt's count: a client told the prompt's size up front is told which part is cached
        const cached = chunk.usageMetadata?.cachedContentTokenCount;
        if (typeof cached === 'number' && Number.isFinite(cached) && cached > 0) start.cachedInputTokens = cached;
      }
      out.push(start);
    }
    const candidate = chunk.candidates?.find((c) => (c?.index ?? 0) === 0);
    grounding.add(candidate);
    for (const c of chunk.candidates ?? []) {
      const index = c?.index ?? 0;
      // candidate 0's count is of every query its chunks named, each once
      const queries = index === 0 ? grounding.queryCount : searchQueriesOf(c);
      if (queries > (searches.get(index) ?? 0)) searches.set(index, queries);
    }
    const latest = mapUsage(chunk.usageMetadata) ?? usage;
    let searched = 0;
    for (const n of searches.values()) searched += n;
    usage = withSearches(latest, searched);
    // content after the finish would be a protocol breach; a client already got its finish. The search comes with
    // the last chunks, after the finish too: it is gathered above, and its part goes at the end
    if (finish !== undefined) return out;
    for (const part of candidate?.content?.parts ?? []) {
      const droppedName = droppedPartName(part);
      if (part.functionCall) {
        answered = true;
        const call = toolCallFrom(part.functionCall, toolCalls, part.thoughtSignature);
        const index = toolCalls++;
        out.push({ type: 'tool-call-start', index, id: call.id, name: call.name, ...(call.signature === undefined ? {} : { signature: call.signature }) });
        out.push({ type: 'tool-call-delta', index, argumentsDelta: call.arguments });
      } else if (droppedName !== undefined) {
        if (!dropped.includes(droppedName)) dropped.push(droppedName);
      } else if (typeof part.text === 'string' && part.text !== '') {
        if (part.thought !== true) answered = true;
        out.push({ type: part.thought === true ? 'reasoning-delta' : 'text-delta', text: part.text });
      }
    }
    // translated, an invalid call, or an abnormal stop before any answer, ends the stream as a failure: before
    // anything the client is shown it is retried and failed over (stream-relay.ts), after it the client's
    // stream ends with an error, not a stop
    const invalid = opts?.forwarded ? undefined : invalidCallError(candidate, usage) ?? unansweredStopError(candidate, answered, usage);
    if (invalid) return [...out, ...takeUsage(), ...fail(invalid)];
    const reason = candidate?.finishReason;
    const ended: FinishReason | undefined = blocked ? 'content_filter' : reason ? mapFinishReason(reason, toolCalls > 0) : undefined;
    if (ended) {
      finish = ended;
      out.push(...takeUsage(), { type: 'finish', finishReason: ended });
    }
    return out;
  }

  return {
    push(event: SseEvent): StreamPart[] {
      if (failed) return [];
      const data = event.data.trim();
      if (data === '') return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return fail(streamError(`Gemini sent a stream event that is not JSON: ${data.slice(0, 80)}`));
      }
      const err = geminiErrorOf(parsed);
      if (err) return fail(geminiUpstreamError(0, err));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return fail(streamError('Gemini sent a stream event that is not a GenerateContentResponse'));
      }
      return onChunk(parsed as GeminiGenerateContentResponse);
    },
    runningUsage(): Usage | undefined {
      return usage;
    },
    droppedParts(): string[] {
      return [...dropped];
    },
    end(): StreamPart[] {
      if (failed) return [];
      if (finish === undefined) return fail(streamError('Gemini stream ended before a finishReason'));
      // the encoders end the answer at the stream's end, so the search's part still has its place
      const search = grounding.found();
      return [...(search === undefined ? [] : [{ type: 'web-search', search } satisfies StreamPart]), ...takeUsage()];
    },
  };
}
