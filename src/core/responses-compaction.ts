// Codex's remote compaction served by any model. Codex asks for it with a Responses request whose
// input ends with a `compaction_trigger` item and wants exactly one `compaction` item back, which it
// sends back in later turns in place of the conversation it stands for. OpenAI's is the conversation
// encrypted; on another format Switchboard asks the model for a handoff summary and answers with an
// item whose encrypted_content is that summary, marked as Switchboard's, which any format reads back
// as text. OpenAI cannot read Switchboard's, nor anyone else OpenAI's.
import { isJsonObject } from './json-object';

/** Starts a compaction item's encrypted_content Switchboard made (OpenAI's are Fernet tokens: `gAAAA...`). */
const MARK = 'sb-compaction-v1:';

/** What the model is asked for in place of the trigger: Codex's own prompt for its local compaction. */
export const COMPACTION_PROMPT = `You are performing a CONTEXT CHECKPOINT COMPACTION. Create a handoff summary for another LLM that will resume the task.

Include:
- Current progress and key decisions made
- Important context, constraints, or user preferences
- What remains to be done (clear next steps)
- Any critical data, examples, or references needed to continue

Be concise, structured, and focused on helping the next LLM seamlessly continue the work.`;

/** What the summary is introduced with when it comes back: Codex's words for a local compaction's summary. */
const SUMMARY_PREFIX = 'Another language model started to solve this problem and produced a summary of its thinking process. You also have access to the state of the tools that were used by that language model. Use this to build on the work that has already been done and avoid duplicating work. Here is the summary produced by the other language model, use the information in this summary to assist with your own analysis:';

type Item = Record<string, unknown>;

/** The request asks for a compaction (Codex puts the trigger last; anywhere counts). */
export function asksForCompaction(input: unknown): boolean {
  return Array.isArray(input) && input.some((item) => isJsonObject(item) && item.type === 'compaction_trigger');
}

/** The compaction item answering a request, holding the model's summary. */
export function compactionItem(id: string, summary: string): Item {
  return { id, type: 'compaction', encrypted_content: MARK + Buffer.from(summary, 'utf8').toString('base64') };
}

/** The summary a compaction item Switchboard made holds; undefined for any other item (OpenAI's included). */
export function switchboardSummary(item: Item): string | undefined {
  const content = item.encrypted_content;
  if (item.type !== 'compaction' || typeof content !== 'string' || !content.startsWith(MARK)) return undefined;
  return Buffer.from(content.slice(MARK.length), 'base64').toString('utf8');
}

/** The text a summary is given to a model as (a user message), in place of the conversation it replaced. */
export function summaryText(summary: string): string {
  return `${SUMMARY_PREFIX}\n${summary}`;
}

/** Switchboard's compaction items in a Responses input as user messages, for OpenAI; undefined when there are none. */
export function switchboardCompactionsAsMessages(input: unknown): unknown[] | undefined {
  if (!Array.isArray(input) || !input.some((item) => isJsonObject(item) && switchboardSummary(item) !== undefined)) return undefined;
  return input.map((item) => {
    const summary = isJsonObject(item) ? switchboardSummary(item) : undefined;
    return summary === undefined ? item : { role: 'user', content: [{ type: 'input_text', text: summaryText(summary) }] };
  });
}
