/** Classical-ML prediction (OICM Ray bundles, MLflow-style): the input JSON as the body; `{data, meta?}` back, else the body is the data. */
import type { PredictResult } from '../tasks/types';

export function decodePrediction(body: unknown): PredictResult {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'data' in body) {
    const o = body as { data: unknown; meta?: unknown };
    return { data: o.data, ...(o.meta !== undefined && o.meta !== null ? { meta: o.meta } : {}) };
  }
  return { data: body };
}
