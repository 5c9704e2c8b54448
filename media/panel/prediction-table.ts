/**
 * A prediction's answer as a table: a list of numbers → one row per input row; a list of lists → one
 * column per position; a list of objects → one column per key; anything else → one cell. Column names
 * come from the output schema when it names them (`name`, else the tensor's dtype). Pure.
 */
export interface Table { columns: string[]; rows: string[][] }

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const cell = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

/** One line per schema entry: `name: type dtype [shape]`. */
export function schemaLines(schema: unknown): string[] {
  if (!Array.isArray(schema)) return [];
  return schema.map((e, i) => {
    if (!isObj(e)) return cell(e);
    const spec = isObj(e['tensor-spec']) ? e['tensor-spec'] : undefined;
    const name = typeof e.name === 'string' ? e.name : `#${i + 1}`;
    const parts = [typeof e.type === 'string' ? e.type : '', spec && typeof spec.dtype === 'string' ? spec.dtype : '', spec && Array.isArray(spec.shape) ? `[${spec.shape.map(cell).join(', ')}]` : ''];
    return `${name}: ${parts.filter(Boolean).join(' ')}`;
  });
}

function outputNames(meta: unknown): string[] {
  if (!isObj(meta) || !Array.isArray(meta.output_schema)) return [];
  return meta.output_schema.map((e: unknown) => {
    if (!isObj(e)) return '';
    if (typeof e.name === 'string') return e.name;
    const spec = isObj(e['tensor-spec']) ? e['tensor-spec'] : undefined;
    return spec && typeof spec.dtype === 'string' ? `prediction (${spec.dtype})` : '';
  });
}

export function predictionTable(data: unknown, meta?: unknown): Table {
  const names = outputNames(meta);
  if (Array.isArray(data) && data.length && data.every(isObj)) {
    const keys = [...new Set(data.flatMap((r) => Object.keys(r)))];
    return { columns: ['row', ...keys], rows: data.map((r, i) => [String(i), ...keys.map((k) => cell(r[k]))]) };
  }
  if (Array.isArray(data) && data.length && data.every(Array.isArray)) {
    const width = Math.max(...data.map((r) => r.length));
    const columns = ['row', ...Array.from({ length: width }, (_, j) => names[j] || `output ${j}`)];
    return { columns, rows: data.map((r, i) => [String(i), ...Array.from({ length: width }, (_, j) => cell(r[j]))]) };
  }
  if (Array.isArray(data)) return { columns: ['row', names[0] || 'prediction'], rows: data.map((v, i) => [String(i), cell(v)]) };
  if (isObj(data)) return { columns: ['key', 'value'], rows: Object.entries(data).map(([k, v]) => [k, cell(v)]) };
  return { columns: [names[0] || 'prediction'], rows: [[cell(data)]] };
}
