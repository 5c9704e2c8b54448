/** Options of the task commands (rerank, classify, embed, transcribe, speak, translate, image, predict). */
import type { OptionSpec } from '../args';

export const QUERY: OptionSpec = { name: 'query', kind: 'string', value: 'Q', required: true, description: 'what the documents are ranked against' };
export const TOP_N: OptionSpec = { name: 'top-n', kind: 'int', value: 'N', min: 1, description: 'keep only the N best documents' };
export const OUT: OptionSpec = { name: 'out', kind: 'string', value: 'FILE', required: true, description: 'where the result is written (its extension names the type when the server does not)' };
export const VOICE: OptionSpec = { name: 'voice', kind: 'string', value: 'V', description: 'the voice (GPUStack lists them in `maas models --json`; OICM: the speaker description)' };
export const SIZE: OptionSpec = { name: 'size', kind: 'string', value: 'WxH', description: 'image size, e.g. 512x512' };
export const LANGUAGE: OptionSpec = { name: 'language', kind: 'string', value: 'L', description: 'the spoken language, e.g. en' };
export const PARAM: OptionSpec = { name: 'param', kind: 'list', value: 'k=v', description: 'set a body field (the value is parsed as JSON when it parses, else a string; repeatable)' };
