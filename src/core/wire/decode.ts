/** Shared by the wire decoders: a body that is not the expected shape is a `protocol` error naming the URL and the shape. */
import { MaasError } from '../errors';
import { redactUrl } from '../http/redact';

export function unexpected(url: string, shape: string): MaasError {
  return new MaasError({ kind: 'protocol', message: `${redactUrl(url)} did not answer with ${shape}; check the model's task and the platform` });
}

/** Best first; equal scores keep their server order. */
export function bestFirst<T extends { score: number }>(items: T[]): T[] {
  return items.map((x, i) => ({ x, i })).sort((a, b) => b.x.score - a.x.score || a.i - b.i).map((e) => e.x);
}

/** The request body with the caller's params merged last. */
export function withParams(body: Record<string, unknown>, params: Record<string, unknown> | undefined): Record<string, unknown> {
  return params ? { ...body, ...params } : body;
}
