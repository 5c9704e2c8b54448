import * as assert from 'node:assert/strict';
import { parseArgs, UsageError, type ParseSpec, type ParsedArgs } from '../../src/cli/args';
import { chatCommand, chatRequest } from '../../src/cli/commands/chat';
import { completeCommand, completionRequest } from '../../src/cli/commands/complete';
import { modelsCommand } from '../../src/cli/commands/models';
import type { CommandDef } from '../../src/cli/commands/command';

const spec = (c: CommandDef): ParseSpec => ({ command: c.name, options: c.options, ...(c.positional ? { positional: c.positional } : {}) });
const BASE = ['--config', 'c.json', '--endpoint', 'e', '--model', 'm'];

function parse(c: CommandDef, argv: string[]): ParsedArgs {
  const r = parseArgs(argv, spec(c));
  assert.equal(r.kind, 'args');
  if (r.kind !== 'args') throw new Error('unreachable');
  return r.args;
}
function usage(c: CommandDef, argv: string[]): string {
  try { parseArgs(argv, spec(c)); } catch (e) { assert.ok(e instanceof UsageError, String(e)); return e.message; }
  assert.fail(`expected a usage error for ${argv.join(' ')}`);
}

describe('cli args', () => {
  it('parses every chat option into a ChatRequest', () => {
    const a = parse(chatCommand, [...BASE, '--system', 'be brief', '--max-tokens', '64', '--temperature=0.2', '--top-p', '0.9', '--stop', 'END', '--stop=###', '--json', 'hello there']);
    assert.equal(a.flag('json'), true);
    assert.deepEqual(a.positionals, ['hello there']);
    assert.deepEqual(chatRequest('hello there', a), {
      model: 'm', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello there' }],
      maxTokens: 64, temperature: 0.2, topP: 0.9, stop: ['END', '###'],
    });
  });

  it('leaves unset chat options out of the request', () => {
    assert.deepEqual(chatRequest('hi', parse(chatCommand, [...BASE, 'hi'])), { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  });

  it('parses complete options into a CompletionRequest', () => {
    const a = parse(completeCommand, [...BASE, '--max-tokens=5', 'def f(']);
    assert.deepEqual(completionRequest('def f(', a), { model: 'm', prompt: 'def f(', maxTokens: 5 });
  });

  it('accepts options after the positional, `-` as a positional and `--` before a dash prompt', () => {
    assert.deepEqual(parse(chatCommand, ['hi', ...BASE]).positionals, ['hi']);
    assert.deepEqual(parse(chatCommand, [...BASE, '-']).positionals, ['-']);
    assert.deepEqual(parse(chatCommand, [...BASE, '--', '--not-a-flag']).positionals, ['--not-a-flag']);
    assert.deepEqual(parse(chatCommand, BASE).positionals, []);
  });

  it('returns help for -h and --help wherever they appear', () => {
    assert.equal(parseArgs(['-h'], spec(chatCommand)).kind, 'help');
    assert.equal(parseArgs([...BASE, '--help'], spec(chatCommand)).kind, 'help');
    assert.equal(parseArgs(['--help'], spec(modelsCommand)).kind, 'help');
  });

  it('rejects unknown flags with a suggestion', () => {
    assert.match(usage(chatCommand, [...BASE, '--max-token', '5', 'x']), /unknown option --max-token for "maas chat" \(did you mean --max-tokens\?\)/);
    assert.match(usage(completeCommand, [...BASE, '--temperature', '1', 'x']), /unknown option --temperature for "maas complete"/);
    assert.match(usage(chatCommand, [...BASE, '-x']), /unknown option -x/);
    assert.match(usage(modelsCommand, ['--config', 'c', '--model', 'm']), /unknown option --model/);
  });

  it('requires the required options', () => {
    assert.match(usage(chatCommand, ['--config', 'c', '--model', 'm', 'hi']), /--endpoint ID is required/);
    assert.match(usage(chatCommand, ['--endpoint', 'e', '--model', 'm', 'hi']), /--config FILE is required/);
    assert.match(usage(completeCommand, ['--config', 'c', '--endpoint', 'e', 'hi']), /--model ID is required/);
    assert.equal(parse(modelsCommand, ['--config', 'c']).string('endpoint'), undefined);
  });

  it('checks numbers and their ranges', () => {
    assert.match(usage(chatCommand, [...BASE, '--max-tokens', 'ten', 'x']), /--max-tokens "ten" is not a whole number ≥ 1/);
    assert.match(usage(chatCommand, [...BASE, '--max-tokens', '1.5', 'x']), /not a whole number/);
    assert.match(usage(chatCommand, [...BASE, '--max-tokens', '0', 'x']), /out of range/);
    assert.match(usage(chatCommand, [...BASE, '--temperature', 'hot', 'x']), /--temperature "hot" is not a number/);
    assert.match(usage(chatCommand, [...BASE, '--top-p', '1.5', 'x']), /--top-p 1.5 is out of range: it must be between 0 and 1/);
    assert.equal(parse(chatCommand, [...BASE, '--temperature', '0', 'x']).number('temperature'), 0);
  });

  it('rejects a missing value, a repeated single option, a value on a flag and extra positionals', () => {
    assert.match(usage(chatCommand, [...BASE, '--system']), /--system needs a value \(T\)/);
    assert.match(usage(chatCommand, [...BASE, '--system', '--json', 'x']), /--system needs a value/);
    assert.match(usage(chatCommand, [...BASE, '--model', 'n', 'x']), /--model is given more than once/);
    assert.match(usage(chatCommand, [...BASE, '--json=yes', 'x']), /--json takes no value/);
    assert.match(usage(chatCommand, [...BASE, 'hello', 'world']), /takes one PROMPT but got 2 arguments; quote/);
    assert.match(usage(modelsCommand, ['--config', 'c', 'extra']), /unexpected argument "extra"/);
    assert.match(usage(chatCommand, [...BASE.slice(0, 4), '--model', '  ', 'x']), /--model needs a non-empty value/);
  });

  it('accepts a value that starts with a dash when it is not a known option', () => {
    assert.deepEqual(parse(chatCommand, [...BASE, '--stop', '-', '--stop', '--x', 'p']).list('stop'), ['-', '--x']);
  });

  it('supports the positional arities later commands need (many, one)', () => {
    const many: ParseSpec = { command: 'rerank', options: [], positional: { name: 'DOC', arity: 'many', description: '' } };
    const one: ParseSpec = { command: 'transcribe', options: [], positional: { name: 'AUDIO_FILE', arity: 'one', description: '' } };
    const r = parseArgs(['a', 'b', 'c'], many);
    assert.ok(r.kind === 'args' && r.args.positionals.length === 3);
    assert.throws(() => parseArgs([], many), /at least one DOC is required/);
    assert.throws(() => parseArgs([], one), /AUDIO_FILE is required/);
    assert.throws(() => parseArgs(['a', 'b'], one), /takes one AUDIO_FILE/);
  });
});
