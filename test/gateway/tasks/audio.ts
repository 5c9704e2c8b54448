/**
 * What the speech-to-text models hear: the WAV the gateway's own text-to-speech models produce is
 * recognised as a known phrase (so a speak → transcribe round trip checks the audio arrived intact);
 * any other upload is answered with its size.
 */
import { createHash } from 'node:crypto';
import { wavBytes } from '../answers';

/** The phrase "spoken" in the gateway's WAV. */
export const KNOWN_PHRASE = 'The quick brown fox jumps over the lazy dog.';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
let knownHash: string | undefined;

/** The known phrase for the gateway's own WAV, else `Hello from <model>. You sent N bytes of audio.` */
export function transcriptOf(model: string, audio: Buffer): string {
  knownHash ??= sha256(wavBytes());
  if (audio.length === wavBytes().length && sha256(audio) === knownHash) return KNOWN_PHRASE;
  return `Hello from ${model}. You sent ${audio.length} bytes of audio.`;
}
