// POST /v1/messages continuing a message thread (`thread: {type: 'continue', previous_message_id}`, what
// the Anthropic SDK's beta.messages.thread() and toolRunner send from their second turn on): the request
// holds only the new messages, the Anthropic API the rest, so only an Anthropic model can serve it (the
// reader keeps it to them). When none can, the client is told the thread is not here, as Anthropic tells
// it: the SDK then sends the whole conversation again under a new thread, which any model can serve.
import { continuedThread } from '../../core/inbound/anthropic';
import { ProxyError } from './respond';

export async function answeringLostThreads(body: Record<string, unknown>, handle: () => Promise<void>): Promise<void> {
  const previous = continuedThread(body);
  if (previous === undefined) return handle();
  try {
    await handle();
  } catch (err) {
    // no model left that could take it (each one routing had was of another format, or not set up)
    if (err instanceof ProxyError && err.kind === 'no_candidate') throw threadNotFound(previous);
    throw err;
  }
}

function threadNotFound(previous: string): ProxyError {
  return new ProxyError(
    404, 'not_found_error',
    `No thread holds previous_message_id '${previous}' here: only an Anthropic model continues a thread, and none can serve this request; send the whole conversation with thread: {"type": "create"}`,
    { 'x-should-retry': 'false' }, 'thread_not_found', undefined, undefined, undefined, { error_code: 'thread_not_found' },
  );
}
