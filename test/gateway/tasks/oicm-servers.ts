/**
 * OICM model servers beyond the one-per-task defaults of platforms/oicm.ts: OI Serve text to image, an
 * OI Serve classifier that wraps its labels (`{"classification":[…]}`), a TEI classifier (`/predict`),
 * and the classical-ML Ray bundle (`/predict`, tensor JSON in, `{data, meta:{input_schema,
 * output_schema}}` out, as OICM's guide shows for MLflow-style models).
 */
import { classify, PNG_1X1_B64 } from '../answers';
import { isObj, json, jsonBody, send, str, type Ctx, type Reply, type Route } from '../http';

const detail = (status: number, message: string): Reply => json(status, { detail: message });
const missingField = (name: string): Reply => json(422, { detail: [{ type: 'missing', loc: ['body', name], msg: 'Field required', input: null }] });
const body = (ctx: Ctx): Record<string, unknown> => { const b = jsonBody(ctx); return isObj(b) ? b : {}; };

export const oiServeImage: Route[] = [{
  method: 'POST', path: '/v1/generate-image', handler: (c) => {
    const b = body(c);
    if (!str(b, 'prompt')) return send(c, missingField('prompt'));
    const steps = b.num_inference_steps;
    if (steps !== undefined && (typeof steps !== 'number' || steps < 1 || steps > 100)) return send(c, detail(400, 'num_inference_steps must be a number between 1 and 100'));
    return send(c, json(200, { image: PNG_1X1_B64 }));
  },
}];

export const oiServeWrappedClassify: Route[] = [{
  method: 'POST', path: '/v1/classify', handler: (c) => {
    const inputs = str(body(c), 'inputs');
    return send(c, inputs === undefined ? missingField('inputs') : json(200, { classification: classify(inputs) }));
  },
}];

/** TEI `/predict` (no `/v1`): emotion labels, best first. */
export const teiPredict: Route[] = [{
  method: 'POST', path: '/predict', handler: (c) => {
    const inputs = str(body(c), 'inputs');
    if (!inputs) return send(c, json(422, { error: 'Input validation error: `inputs` cannot be empty', error_type: 'Validation' }));
    const happy = /\b(great|love|good|happy)\b/i.test(inputs);
    const labels = happy
      ? [{ score: 0.99332774, label: 'admiration' }, { score: 0.0022727316, label: 'approval' }, { score: 0.0012649657, label: 'neutral' }]
      : [{ score: 0.8731, label: 'neutral' }, { score: 0.0921, label: 'confusion' }, { score: 0.0348, label: 'curiosity' }];
    return send(c, json(200, labels));
  },
}];

/** The bundle's linear model: 10 float64 features per row, one float64 out. */
const WEIGHTS = [0.5, 1.5, -2, 3, 0.25, 1, -0.5, 2, 0.75, 4];
const BIAS = 10;
export const RAY_META = {
  input_schema: [{ 'tensor-spec': { dtype: 'float64', shape: [-1, 10] }, type: 'tensor' }],
  output_schema: [{ 'tensor-spec': { dtype: 'float64', shape: [-1] }, type: 'tensor' }],
};

/** One prediction per row: the input is one row of 10 numbers or a list of such rows. */
export function predictRows(input: unknown): number[] | string {
  const rows = Array.isArray(input) && input.every((x) => typeof x === 'number') ? [input] : input;
  if (!Array.isArray(rows) || rows.length === 0) return 'Expected a tensor of shape [-1, 10] (a list of rows of 10 numbers)';
  const out: number[] = [];
  for (const [i, r] of rows.entries()) {
    if (!Array.isArray(r) || r.length !== 10 || !r.every((x) => typeof x === 'number')) {
      return `Expected a tensor of shape [-1, 10]; row ${i} is ${JSON.stringify(r).slice(0, 60)}`;
    }
    out.push(Math.round((r).reduce((s, x, k) => s + x * WEIGHTS[k], BIAS) * 1e9) / 1e9);
  }
  return out;
}

export const rayBundlePredict: Route[] = [{
  method: 'POST', path: '/predict', handler: (c) => {
    const b = jsonBody(c);
    if (b === undefined) return send(c, detail(400, 'Request body must be JSON'));
    const data = predictRows(b);
    return send(c, typeof data === 'string' ? detail(400, data) : json(200, { data, meta: RAY_META }));
  },
}];
