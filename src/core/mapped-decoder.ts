// A stream decoder whose parts pass through `map` on their way out (the leading-think splitter, the note of
// Gemini's thought signatures), its other readings (running usage, the decoder for forwarded events, output
// held, the parts it had no place for) the inner one's.
import type { StreamDecoder, StreamPart } from './canonical';

export function mappedDecoder(inner: StreamDecoder, map: (parts: StreamPart[]) => StreamPart[]): StreamDecoder {
  const decoder: StreamDecoder = { push: (event) => map(inner.push(event)), end: () => map(inner.end()) };
  if (inner.ended) decoder.ended = () => inner.ended!();
  if (inner.runningUsage) decoder.runningUsage = () => inner.runningUsage!();
  if (inner.forwardedDecoder) decoder.forwardedDecoder = () => inner.forwardedDecoder!();
  if (inner.forwardedSpilled) decoder.forwardedSpilled = () => inner.forwardedSpilled!();
  if (inner.heldOutput) decoder.heldOutput = () => inner.heldOutput!();
  if (inner.droppedParts) decoder.droppedParts = () => inner.droppedParts!();
  return decoder;
}
