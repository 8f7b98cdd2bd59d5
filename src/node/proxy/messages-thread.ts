// POST /v1/messages continuing a message thread (`thread: {type: 'continue', previous_message_id}`, what
// the Anthropic SDK's beta.messages.thread() and toolRunner send from their second turn on): the request
// holds only the new messages, the Anthropic API the rest, so only an Anthropic model can serve it (the
// reader keeps it to them). When none can, the client is told the thread is not here, as Anthropic tells
// it: the SDK then sends the whole conversation again under a new thread, which any model can serve.
import { RequestValidationError } from '../../core/canonical';
import { upstreamApiOf } from '../../core/catalog';
import { continuedThread, readAnthropicRequest } from '../../core/inbound/anthropic';
import { everyCandidateFailed } from './final-error';
import { planRoute, readNeeds } from './plan';
import type { ProxyCall } from './proxy-call';
import { ProxyError } from './respond';

export async function answeringLostThreads(call: ProxyCall, body: Record<string, unknown>, handle: () => Promise<void>): Promise<void> {
  const previous = continuedThread(body);
  if (previous === undefined) return handle();
  try {
    await handle();
  } catch (err) {
    if (!(err instanceof ProxyError) || call.res.headersSent) throw err;
    // no model left that could take it (each one routing had was of another format, or not set up)
    if (err.kind === 'no_candidate') throw threadNotFound(previous, 'none can serve this request');
    // its Anthropic models failed or are cooling down: a replay can fail over to the models the thread alone
    // kept out; with none, the failure stands (waiting for Anthropic is all that helps). A 400 from every
    // model (the prompt too long) is the client's to mend, wherever it goes
    const down = err.kind === 'cooling_down' || (everyCandidateFailed(err) && err.status !== 400);
    if (down && replayHasOtherModels(call, body)) throw threadNotFound(previous, 'those that could serve it failed or are cooling down');
    throw err;
  }
}

/** Whether the conversation sent again under a new thread would now be routed to a model of another format too. */
function replayHasOtherModels(call: ProxyCall, body: Record<string, unknown>): boolean {
  const snapshot = call.deps.catalog.snapshot();
  try {
    // the new messages stand for the whole conversation: what else in them keeps it to Anthropic still does
    const read = readAnthropicRequest({ ...body, thread: undefined });
    const plan = planRoute(call, snapshot, read.model, readNeeds(read, 'messages', call.profile, snapshot));
    return plan.candidates.some(({ model, provider }) => upstreamApiOf(provider, model) !== 'messages');
  } catch (err) {
    // an empty continue (a paused turn resumed) or no model at all: nothing a replay could be sent to here
    if (err instanceof RequestValidationError || err instanceof ProxyError) return false;
    throw err;
  }
}

function threadNotFound(previous: string, why: string): ProxyError {
  return new ProxyError(
    404, 'not_found_error',
    `No thread holds previous_message_id '${previous}' here: only an Anthropic model continues a thread, and ${why}; send the whole conversation with thread: {"type": "create"}`,
    { 'x-should-retry': 'false' }, 'thread_not_found', undefined, undefined, undefined, { error_code: 'thread_not_found' },
  );
}
