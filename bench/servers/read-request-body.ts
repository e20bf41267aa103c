import type { IncomingMessage } from 'node:http';

/**
 * How a controller reads a `text/xml` body that Nest's default JSON/urlencoded parsers leave unread:
 * the floor-nest and handrolled servers both use it, so they do the same I/O work as our module.
 */
export async function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
