// An upstream of the test's own on 127.0.0.1, for the answers no fake provider gives: each request's body
// read whole, then handed with the response to the test's `answer`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawUpstream {
  /** http://127.0.0.1:<port>, a provider's base URL without its path */
  origin: string;
  /** closes the server and every connection still open to it */
  close(): Promise<void>;
}

export async function startRawUpstream(answer: (body: Buffer, res: ServerResponse, req: IncomingMessage) => void): Promise<RawUpstream> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(Buffer.concat(chunks), res, req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The `model` field of a request body. */
export const modelOf = (body: Buffer): string => (JSON.parse(body.toString()) as { model: string }).model;
