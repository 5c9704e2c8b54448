/**
 * multipart/form-data built as a stream of parts: text fields, then files read from disk with
 * fs.createReadStream as the transport pulls them. The length is computed up front (file sizes from
 * fs.stat), so the body goes out with a content-length and never sits whole in memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StreamBody } from './stream-body';

export interface FormField { name: string; value: string }
export interface FormFile { name: string; path: string; filename?: string; contentType?: string }

/** Read size per file chunk: big enough to keep the socket busy, small enough to keep memory flat. */
const CHUNK = 64 * 1024;

const quote = (s: string): string => s.replace(/["\r\n\\]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ' '));

/** The content-type a file is sent with when the caller names none, from its extension. */
export function mimeForPath(p: string): string {
  switch (path.extname(p).toLowerCase()) {
    case '.wav': return 'audio/wav';
    case '.mp3': return 'audio/mpeg';
    case '.ogg': case '.oga': return 'audio/ogg';
    case '.flac': return 'audio/flac';
    case '.m4a': return 'audio/mp4';
    case '.webm': return 'audio/webm';
    case '.png': return 'image/png';
    case '.jpg': case '.jpeg': return 'image/jpeg';
    default: return 'application/octet-stream';
  }
}

/** The boundary, the parts' heads and the file sizes; throws the fs error when a file cannot be read. */
export async function multipartBody(fields: FormField[], files: FormFile[], boundary = `----maas${randomBytes(12).toString('hex')}`): Promise<StreamBody> {
  const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
  const heads: { bytes: Buffer; file?: FormFile; size: number }[] = [];
  for (const f of fields) {
    heads.push({ bytes: enc(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(f.name)}"\r\n\r\n${f.value}\r\n`), size: 0 });
  }
  for (const f of files) {
    const st = await fs.promises.stat(f.path);
    if (!st.isFile()) throw Object.assign(new Error(`${f.path} is not a file`), { code: 'EISDIR' });
    const filename = f.filename ?? path.basename(f.path);
    heads.push({
      bytes: enc(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(f.name)}"; filename="${quote(filename)}"\r\nContent-Type: ${f.contentType ?? mimeForPath(f.path)}\r\n\r\n`),
      file: f, size: st.size,
    });
  }
  const tail = enc(`--${boundary}--\r\n`);
  const crlf = enc('\r\n');
  const length = heads.reduce((n, h) => n + h.bytes.length + (h.file ? h.size + crlf.length : 0), 0) + tail.length;
  return {
    kind: 'stream', contentType: `multipart/form-data; boundary=${boundary}`, length,
    async *open() {
      for (const h of heads) {
        yield h.bytes;
        if (!h.file) continue;
        let read = 0;
        for await (const chunk of fs.createReadStream(h.file.path, { highWaterMark: CHUNK })) {
          read += (chunk as Buffer).length;
          if (read > h.size) throw new Error(`${h.file.path} grew while it was being sent`);
          yield chunk as Buffer;
        }
        if (read !== h.size) throw new Error(`${h.file.path} changed size while it was being sent (${read} of ${h.size} bytes)`);
        yield crlf;
      }
      yield tail;
    },
  };
}
