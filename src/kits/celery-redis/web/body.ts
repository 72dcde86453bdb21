import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

export const DEFAULT_BODY_LIMIT = 64 * 1024;

const tooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `The request body is larger than ${Math.round(limit / 1024)} KiB.`, { connection: 'close' });

/**
 * Reads a request body up to `limit` bytes. A declared length over the limit is refused before
 * reading anything; a chunked body is refused as soon as it passes the limit, so an oversized
 * upload is never held in memory. The 413 closes the connection to drop whatever is still coming.
 */
export function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onAborted = () => {
      cleanup();
      reject(new HttpError(400, 'incomplete_body', 'The request body ended before it was complete.', { connection: 'close' }));
    };
    const onClose = () => {
      if (!req.complete) onAborted();
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onClose);
  });
}

/** The media type without parameters, lower-case ("" when absent). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
