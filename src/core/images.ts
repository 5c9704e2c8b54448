/** Images attached to chat messages, as the wire formats carry them (base64, or a `data:` URL). */
import type { ChatImage } from './chat';

export function imageBase64(image: ChatImage): string {
  return Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).toString('base64');
}

/** `data:<mime>;base64,<data>` (OpenAI `image_url.url`). */
export function imageDataUrl(image: ChatImage): string {
  return `data:${image.mimeType};base64,${imageBase64(image)}`;
}
