/**
 * The task commands' definitions: options, arguments and help. What they do is loaded only when one
 * runs (task-run.ts); each prints one JSON document with --json.
 */
import type { CommandDef } from './command';
import type { TaskCommand } from './task-run';
import { CONFIG, ENDPOINT, JSON_OUT, MODEL } from './options';
import { LANGUAGE, OUT, PARAM, QUERY, SIZE, TOP_N, VOICE } from './task-options';

const ERROR_DOC = '  or {"type":"error","kind","status"?,"message","retryAfterMs"?,"endpoint"?} when it fails.';

function def(name: TaskCommand, summary: string, rest: Pick<CommandDef, 'options' | 'positional'>, [result, human]: [string, string]): CommandDef {
  return {
    name, summary, output: 'document',
    options: [CONFIG, ENDPOINT, MODEL, ...rest.options, JSON_OUT],
    ...(rest.positional ? { positional: rest.positional } : {}),
    details: ['With --json stdout holds one document:', `  ${result}`, ERROR_DOC, '', `Without --json: ${human}`, 'Errors go to stderr as "maas: <endpoint>: <message>". Ctrl-C cancels the request (exit 130).'],
    run: async (ctx, args) => (await import('./task-run.js')).runTask(name, ctx, args),
  };
}

export const TASK_COMMANDS: readonly CommandDef[] = [
  def('rerank', 'rank documents by relevance to a query', {
    options: [QUERY, TOP_N, PARAM],
    positional: { name: 'DOC', arity: 'many', description: 'a document to rank (one argument each)' },
  }, ['{"results":[{"index","score","text"?}]}  best first; scores are the server\'s own (logits may be negative)',
    'one line per document: score, original position, text (cut to the terminal).']),
  def('classify', 'label a text (sentiment, topic, …) with scores', {
    options: [PARAM],
    positional: { name: 'TEXT', arity: 'optional', description: 'the text; `-` or absent reads stdin' },
  }, ['{"labels":[{"label","score"}]}  best first', 'one label and its score per line.']),
  def('embed', 'embedding vectors for texts', {
    options: [PARAM],
    positional: { name: 'TEXT', arity: 'many', description: 'a text to embed (one argument each)' },
  }, ['{"embeddings":[[…]]}  one vector per TEXT, in order', 'how many vectors and their dimensions.']),
  def('transcribe', 'speech to text from an audio file (streamed from disk)', {
    options: [LANGUAGE, PARAM],
    positional: { name: 'AUDIO_FILE', arity: 'one', description: 'the audio file to upload' },
  }, ['{"text"}', 'the text.']),
  def('speak', 'text to speech, written to --out', {
    options: [OUT, VOICE, PARAM],
    positional: { name: 'TEXT', arity: 'optional', description: 'the text to say; `-` or absent reads stdin' },
  }, ['{"file","bytes","mimeType"}', 'wrote FILE (N bytes, MIME).']),
  def('translate', 'translate a text', {
    options: [PARAM],
    positional: { name: 'TEXT', arity: 'optional', description: 'the text; `-` or absent reads stdin' },
  }, ['{"translation"}', 'the translation.']),
  def('image', 'generate an image from a prompt, written to --out', {
    options: [OUT, SIZE, PARAM],
    positional: { name: 'PROMPT', arity: 'optional', description: 'what to draw; `-` or absent reads stdin' },
  }, ['{"file","bytes","mimeType"}', 'wrote FILE (N bytes, MIME).']),
  def('predict', 'classical-ML prediction from JSON input', {
    options: [],
    positional: { name: 'JSON_INPUT', arity: 'one', description: 'the input: JSON text, @FILE, or - for stdin; sent as the body unchanged' },
  }, ['{"data":…,"meta"?:…}  the server\'s data and, when sent, its input/output schema', 'the same JSON, indented.']),
];
