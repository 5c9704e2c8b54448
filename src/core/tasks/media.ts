/** What media bytes are, from their signature, and base64 decoded with a check. */
import { MaasError } from '../errors';

/** The type of media that neither its answer nor its bytes name (a face may know better, e.g. from a file name). */
export const UNKNOWN_MEDIA = 'application/octet-stream';

/** PNG, JPEG, GIF, WebP, WAV, MP3, OGG, FLAC by their first bytes; undefined for anything else. */
export function sniffMime(b: Uint8Array): string | undefined {
  const at = (i: number, s: string): boolean => [...s].every((c, k) => b[i + k] === c.charCodeAt(0));
  if (b.length >= 8 && b[0] === 0x89 && at(1, 'PNG\r\n')) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (at(0, 'GIF8')) return 'image/gif';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'image/webp';
  if (at(0, 'RIFF') && at(8, 'WAVE')) return 'audio/wav';
  if (at(0, 'ID3') || (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (at(0, 'OggS')) return 'audio/ogg';
  if (at(0, 'fLaC')) return 'audio/flac';
  return undefined;
}

/** Base64 (standard or URL-safe, a `data:` URL accepted) to bytes; anything else is a `protocol` error naming `what`. */
export function base64Bytes(value: string, what: string): Uint8Array {
  const raw = value.startsWith('data:') ? value.slice(value.indexOf(',') + 1) : value;
  const clean = raw.replace(/\s+/g, '');
  if (!clean || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) {
    throw new MaasError({ kind: 'protocol', message: `${what} is not base64 data` });
  }
  return new Uint8Array(Buffer.from(clean, clean.includes('-') || clean.includes('_') ? 'base64url' : 'base64'));
}
