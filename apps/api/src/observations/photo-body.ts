import type { Readable } from 'node:stream';

/**
 * The bytes of a request body up to `max`; 'too-large' once it passes `max`. The rest is read and
 * dropped rather than left unread: a phone still sending when the answer comes gets a connection
 * reset instead of the answer, and shows "network error" instead of "photo too large".
 */
export async function readBody(stream: Readable, max: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size <= max) chunks.push(bytes);
  }
  return size > max ? 'too-large' : Buffer.concat(chunks);
}
