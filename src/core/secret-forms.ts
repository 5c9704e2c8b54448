/**
 * Secrets in every form they are sent in, and scrubbing them out of text shown to people or logged
 * (docs/endpoints.md, "Security rules"). Pure, and light: the CLI's output loads it for `--help` too.
 */

/**
 * The shortest secret (and the shortest derived piece of one) that is scrubbed. Anything shorter occurs in
 * ordinary words and numbers: replacing it would garble every message, and a secret that short can be
 * guessed anyway, so hiding it protects nothing.
 */
export const MIN_SCRUBBED = 4;

function formEncode(s: string): string {
  return new URLSearchParams({ v: s }).toString().slice(2);
}

const toUrlSafe = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The base64 text a secret becomes inside any longer base64 text (an `Authorization: Basic` value of
 * `id:secret`, a token echoed inside an encoded blob): for each of the three byte alignments, the
 * characters that depend only on the secret's own bytes.
 */
function base64Pieces(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const b64 = padded.toString('base64').replace(/=+$/, '');
    // The first characters mix in the padding bytes; the last ones may mix in whatever follows.
    const skip = offset === 0 ? 0 : Math.ceil((offset * 8) / 6);
    const end = Math.floor((padded.length * 8) / 6);
    const piece = b64.slice(skip, Math.max(skip, end));
    if (piece.length >= MIN_SCRUBBED) out.push(piece);
    // Aligned at the start, the whole encoding (with its padding) is a form of its own.
    if (offset === 0) { out.push(bytes.toString('base64')); out.push(b64); }
  }
  return out;
}

/**
 * Every form in which a secret travels: as is, percent-encoded (URLs), form-encoded (OAuth2 Basic and
 * bodies), and base64 (standard and URL-safe, on its own or inside a longer base64 text).
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SCRUBBED) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret, encodeURIComponent(secret), formEncode(secret)]);
  for (const piece of base64Pieces(bytes)) { forms.add(piece); forms.add(toUrlSafe(piece)); }
  // The OAuth2 Basic value encodes the form-encoded id and secret.
  const form = formEncode(secret);
  if (form !== secret) for (const piece of base64Pieces(Buffer.from(form, 'utf8'))) { forms.add(piece); forms.add(toUrlSafe(piece)); }
  return [...forms].filter((f) => f.length >= MIN_SCRUBBED);
}

/**
 * Replaces every known secret value, in every form it is sent in (raw, URL- and form-encoded, base64 —
 * alone or inside a Basic credential), in a text (defence in depth for messages built from server
 * bodies). Longer forms go first so a shorter one never leaves half of a longer one behind.
 */
export function scrubSecrets(text: string, secrets: Iterable<string | undefined>, marker = '[redacted]'): string {
  return secretScrubber(secrets, marker)(text);
}

/** `scrubSecrets` with the forms worked out once, for a fixed set of secrets. */
export function secretScrubber(secrets: Iterable<string | undefined>, marker = '[redacted]'): (text: string) => string {
  const set = new Set<string>();
  for (const s of secrets) if (s) for (const f of secretForms(s)) set.add(f);
  const forms = [...set].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(marker);
    return out;
  };
}
