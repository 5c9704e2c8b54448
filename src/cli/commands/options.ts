/** Option specs shared by several commands (one definition each, so help and parsing agree). */
import type { OptionSpec } from '../args';

export const CONFIG: OptionSpec = { name: 'config', kind: 'string', value: 'FILE', required: true, description: 'JSON file { "endpoints": [ … ] } (the same entries as the maas.endpoints setting)' };
export const ENDPOINT: OptionSpec = { name: 'endpoint', kind: 'string', value: 'ID', required: true, description: 'the endpoint id to use' };
export const ENDPOINT_FILTER: OptionSpec = { ...ENDPOINT, required: false, description: 'only this endpoint (default: every endpoint in the file)' };
export const MODEL: OptionSpec = { name: 'model', kind: 'string', value: 'ID', required: true, description: 'the model id, as `maas models` lists it' };
export const JSON_OUT: OptionSpec = { name: 'json', kind: 'flag', description: 'machine-readable output (see below)' };
export const MAX_TOKENS: OptionSpec = { name: 'max-tokens', kind: 'int', value: 'N', min: 1, description: 'upper bound on generated tokens' };
export const TEMPERATURE: OptionSpec = { name: 'temperature', kind: 'number', value: 'X', min: 0, description: 'sampling temperature (≥ 0)' };
export const TOP_P: OptionSpec = { name: 'top-p', kind: 'number', value: 'X', min: 0, max: 1, description: 'nucleus sampling probability mass (0 to 1)' };
export const STOP: OptionSpec = { name: 'stop', kind: 'list', value: 'S', description: 'stop sequence (repeatable)' };
export const SYSTEM: OptionSpec = { name: 'system', kind: 'string', value: 'T', description: 'system prompt' };
