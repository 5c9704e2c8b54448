/** A minimal multipart/form-data reader (audio uploads). */

export interface Part { name: string; filename?: string; contentType?: string; data: Buffer }

export function parseMultipart(contentType: string | undefined, body: Buffer): Part[] | undefined {
  const m = /multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!m) return undefined;
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) return undefined;
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;      // closing delimiter
    pos += 2;                                                          // CRLF after the delimiter
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return undefined;
    const head = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) return undefined;
    const data = body.subarray(headerEnd + 4, next - 2);               // minus the CRLF before the delimiter
    const disp = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disp)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    if (name !== undefined) parts.push({ name, filename, contentType: type, data });
    pos = next;
  }
  return parts;
}

export function field(parts: Part[], name: string): string | undefined {
  const p = parts.find((x) => x.name === name && x.filename === undefined);
  return p?.data.toString('utf8');
}
