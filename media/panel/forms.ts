/**
 * Each task's form: the fields it shows and how their values are read back as TaskInputs. The values
 * given are put back as they were typed (a failed run or a reload keeps them).
 */
import type { SchemaField } from '../../src/core/tasks/types';
import type { ModelChoice, PanelTask, TaskInputs } from '../../src/extension/panel/protocol';
import { button, field, h } from './dom';
import { schemaLines } from './prediction-table';

export interface FormContext {
  task: PanelTask;
  model?: ModelChoice;
  inputs: TaskInputs;
  /** The model's speech schema (OICM), once the host sent it. */
  schema?: SchemaField[];
  schemaError?: string;
  /** The last prediction answer's meta for this model (its input and output schema). */
  predictionMeta?: unknown;
  pickFile(): void;
}

export interface TaskForm { element: HTMLElement; read(): TaskInputs; focus(): void }

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const text = (value = '', props: Record<string, string> = {}): HTMLInputElement => {
  const e = h('input', { type: 'text', ...props });
  e.value = value;
  return e;
};
const area = (value = '', rows = 4, props: Record<string, string> = {}): HTMLTextAreaElement => {
  const e = h('textarea', { rows, ...props });
  e.value = value;
  return e;
};

/** The fields of OI Serve's speech form that the panel shows as its own text and voice fields. */
const SPEECH_OWN = new Set(['prompt', 'text', 'input', 'description', 'voice']);

export function buildForm(c: FormContext): TaskForm {
  const i = c.inputs;
  const controls: Partial<Record<keyof TaskInputs, Control>> = {};
  const params: Record<string, HTMLInputElement> = {};
  const parts: HTMLElement[] = [];
  const add = (key: Exclude<keyof TaskInputs, 'params'>, label: string, control: Control, hint?: string): void => {
    controls[key] = control;
    control.name = key;
    control.id = `in-${key}`;
    parts.push(field(label, control, hint));
  };

  switch (c.task) {
    case 'rerank':
      add('query', 'Query', text(i.query, { placeholder: 'What should rank first?' }));
      add('documents', 'Documents', area(i.documents, 8, { placeholder: 'One document per line' }), 'One per line, or paragraphs separated by a blank line.');
      add('topN', 'Top N', text(i.topN, { inputmode: 'numeric', placeholder: 'all', className: 'short' }), 'Optional: how many of the best to return.');
      break;
    case 'classification':
      add('text', 'Text', area(i.text, 4, { placeholder: 'The text to classify' }));
      break;
    case 'translation':
      add('text', 'Text', area(i.text, 4, { placeholder: 'The text to translate' }));
      break;
    case 'embedding':
      add('texts', 'Texts', area(i.texts, 6, { placeholder: 'One text per line' }), 'One per line; the result compares each with each (cosine similarity).');
      break;
    case 'transcription': {
      // the path is kept as chosen; the box shows the file's name (the whole path as its tooltip)
      const file = h('input', { type: 'hidden', name: 'file' });
      file.value = i.file ?? '';
      controls.file = file;
      const shown = text(i.file ? i.file.split(/[\\/]/).pop() : '', { readonly: 'true', placeholder: 'No file chosen', className: 'grow', id: 'in-file', title: i.file ?? '' });
      parts.push(h('div', { className: 'field' }, h('label', { for: 'in-file' }, 'Audio file'),
        h('div', { className: 'row' }, file, shown, button('Choose File…', () => c.pickFile(), { id: 'pick-file' }, 'folder-opened')),
        h('div', { className: 'hint' }, 'wav, mp3, ogg, flac, m4a or webm; uploaded from disk.')));
      add('language', 'Language', text(i.language, { placeholder: 'auto', className: 'short' }), 'Optional: an ISO code such as en or de.');
      break;
    }
    case 'speech': {
      const schema = c.schema ?? [];
      const speaker = schema.find((f) => f.name === 'description' || f.name === 'voice');
      add('text', 'Text', area(i.text, 4, { placeholder: schema.find((f) => f.name === 'prompt')?.description ?? 'What should be said' }));
      if (c.model?.voices?.length) {
        const select = h('select');
        select.append(h('option', { value: '' }, '(server default)'));
        for (const v of c.model.voices) select.append(h('option', { value: v }, v));
        select.value = c.model.voices.includes(i.voice ?? '') ? i.voice ?? '' : '';
        add('voice', 'Voice', select);
      } else {
        add('voice', speaker?.label ?? 'Voice', text(i.voice, { placeholder: speaker?.description ?? 'optional' }), speaker?.required ? 'Required by this model.' : undefined);
      }
      for (const f of schema.filter((x) => !SPEECH_OWN.has(x.name))) {
        const input = text(i.params?.[f.name], { placeholder: f.description ?? '' });
        input.dataset.param = f.name;
        input.id = `param-${f.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        params[f.name] = input;
        parts.push(field(`${f.label}${f.required ? '' : ' (optional)'}`, input, f.type !== 'string' ? `Type: ${f.type}` : undefined));
      }
      if (c.schemaError) parts.push(h('div', { className: 'hint warn' }, `The model's form could not be read: ${c.schemaError}`));
      break;
    }
    case 'image':
      add('prompt', 'Prompt', area(i.prompt, 3, { placeholder: 'A picture of…' }));
      add('size', 'Size', text(i.size, { placeholder: '512x512', className: 'short' }), 'Optional: WIDTHxHEIGHT.');
      break;
    case 'prediction': {
      add('input', 'Input (JSON)', area(i.input, 6, { placeholder: '[[1, 2, 3]]', className: 'mono', spellcheck: 'false' }), 'The model\'s input as JSON, e.g. a list of rows.');
      const meta = c.predictionMeta as { input_schema?: unknown; output_schema?: unknown } | undefined;
      const lines = meta ? [...schemaLines(meta.input_schema).map((l) => `input ${l}`), ...schemaLines(meta.output_schema).map((l) => `output ${l}`)] : [];
      if (lines.length) parts.push(h('div', { className: 'schema' }, h('div', { className: 'hint' }, 'The model\'s schema (from its last answer):'), h('pre', { className: 'mono' }, lines.join('\n'))));
      break;
    }
  }

  return {
    element: h('div', { className: 'fields' }, ...parts),
    read(): TaskInputs {
      const out: TaskInputs = {};
      for (const [k, ctl] of Object.entries(controls) as [Exclude<keyof TaskInputs, 'params'>, Control][]) out[k] = ctl.value;
      if (Object.keys(params).length) out.params = Object.fromEntries(Object.entries(params).map(([k, e]) => [k, e.value]));
      return out;
    },
    focus(): void {
      const first = Object.values(controls).find((ctl) => ctl && !(ctl instanceof HTMLInputElement && (ctl.readOnly || ctl.type === 'hidden')));
      first?.focus();
    },
  };
}
