// Code out of real-shaped model answers to a refactor request, and the proposal fitted to the selection.
import * as assert from 'node:assert/strict';
import { extractCode, stripThinking } from '../../../src/extension/editor/extract-code';
import { commonIndent, fitProposal } from '../../../src/extension/editor/fit-proposal';
import { safeMarkdown } from '../../../src/extension/editor/safe-markdown';
import { retryHint, retryWaitText } from '../../../src/extension/retry-hint';
import { REFACTOR_MARKER, fenceFor, refactorMessages } from '../../../src/extension/editor/prompts';
import { REFACTOR_PROMPT_MARKER, refactorReply, replyText } from '../../gateway/answers';

describe('extension: code extracted from model answers', () => {
  it('takes the fenced block between chatter (a typical instruct-model answer)', () => {
    const answer = [
      "Sure! Here's the refactored version of `sum` using `reduce`:",
      '',
      '```typescript',
      'function sum(xs: number[]): number {',
      '  return xs.reduce((a, b) => a + b, 0);',
      '}',
      '```',
      '',
      '### Changes',
      '- Replaced the loop with `Array.prototype.reduce`.',
      '- The function is now a single expression.',
    ].join('\n');
    assert.deepEqual(extractCode(answer, 'typescript'), {
      code: 'function sum(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0);\n}', fenced: true, language: 'typescript',
    });
  });

  it('reads ~~~ fences, CRLF answers and a fence with attributes', () => {
    assert.equal(extractCode('Here you go:\r\n\r\n~~~python\r\ndef f():\r\n    return 1\r\n~~~\r\n', 'python')?.code, 'def f():\n    return 1');
    assert.equal(extractCode('```{.rust}\nfn main() {}\n```', 'rust')?.language, 'rust');
  });

  it('prefers the block in the document\'s language over a larger one in another (before/after with a shell command)', () => {
    const answer = [
      'First install the dependency:',
      '```bash',
      'npm install --save-dev @types/node @types/vscode typescript eslint prettier',
      '```',
      'Then the code becomes:',
      '```ts',
      'const x = 1;',
      '```',
    ].join('\n');
    assert.equal(extractCode(answer, 'typescript')?.code, 'const x = 1;');
  });

  it('takes the largest block when none is labelled with the language, and skips diffs when it can', () => {
    const answer = 'Before:\n```\na()\n```\nAfter:\n```\na()\nb()\nc()\n```\nDiff:\n```diff\n-a()\n+a()\n+b()\n+c()\n+d()\n```';
    assert.equal(extractCode(answer, 'go')?.code, 'a()\nb()\nc()');
  });

  it('keeps a markdown block whose content has its own (unlabelled) fences whole', () => {
    const answer = [
      'Here is the updated README section:',
      '',
      '```markdown',
      '## Install',
      '',
      '```',
      'npm install maas',
      '```',
      '',
      'Then run `maas models`.',
      '```',
      '',
      'I added an install section.',
    ].join('\n');
    assert.equal(extractCode(answer, 'markdown')?.code, '## Install\n\n```\nnpm install maas\n```\n\nThen run `maas models`.');
  });

  it('keeps nested labelled fences inside a block of another language, and a longer outer fence (CommonMark)', () => {
    const nested = '```python\ndoc = """\n```json\n{"a": 1}\n```\n"""\n```\nDone.';
    assert.equal(extractCode(nested, 'python')?.code, 'doc = """\n```json\n{"a": 1}\n```\n"""');
    const longer = '````md\n# T\n```js\nx()\n```\n````';
    assert.equal(extractCode(longer, 'markdown')?.code, '# T\n```js\nx()\n```');
  });

  it('takes an unfenced answer, without its introducing line and closing prose', () => {
    const answer = "Here's the refactored code:\n\nconst total = items.reduce((a, b) => a + b.price, 0);\n\nThis avoids the mutable accumulator.";
    assert.deepEqual(extractCode(answer, 'javascript'), { code: 'const total = items.reduce((a, b) => a + b.price, 0);', fenced: false });
    assert.equal(extractCode('x = compute()\n\ny = x + 1\n', 'python')?.code, 'x = compute()\n\ny = x + 1', 'code with blank lines stays whole');
    assert.equal(extractCode('`return a ?? b;`', 'typescript')?.code, 'return a ?? b;');
    assert.equal(extractCode('  \n\n', 'typescript'), undefined);
  });

  it('drops <think> reasoning a server left in the text', () => {
    const answer = '<think>\nThe user wants a const. Maybe ```js let``` no.\n</think>\n\n```js\nconst a = 1;\n```';
    assert.equal(extractCode(answer, 'javascript')?.code, 'const a = 1;');
    assert.equal(stripThinking('<think>still thinking'), '');
    assert.equal(stripThinking('no <think> here'), 'no <think> here');
  });

  it('an answer cut off inside its block (max tokens) yields what arrived, marked open', () => {
    assert.deepEqual(extractCode('Sure:\n```go\nfunc a() {\n\treturn', 'go'), { code: 'func a() {\n\treturn', fenced: true, language: 'go', open: true });
  });

  it('while streaming: nothing before a fence opens, never a half-written fence line', () => {
    assert.equal(extractCode('Sure! Here is the', 'typescript', true), undefined);
    assert.equal(extractCode('Sure!\n```typ', 'typescript', true), undefined);
    assert.equal(extractCode('Sure!\n```ts\nconst a', 'typescript', true)?.code, 'const a');
    assert.equal(extractCode('Sure!\n```ts\nconst a = 1;\n``', 'typescript', true)?.code, 'const a = 1;');
    assert.equal(extractCode('Sure!\n```ts\nconst a = 1;\n```\nThis', 'typescript', true)?.code, 'const a = 1;');
  });
});

describe('extension: a proposal fitted to its selection', () => {
  const shape = (before: string, original: string, eol: '\n' | '\r\n' = '\n') => ({ before, original, eol });

  it('re-indents a dedented answer to whole selected lines, keeping the final line break', () => {
    const original = '    if (a) {\n      b();\n    }\n';
    assert.equal(fitProposal('// note\nif (a) {\n  b();\n}', shape('', original)), '    // note\n    if (a) {\n      b();\n    }\n');
  });

  it('leaves an answer that kept the indentation alone', () => {
    assert.equal(fitProposal('\tx();\n\ty();', shape('', '\tx();\n')), '\tx();\n\ty();\n');
  });

  it('a selection from the first non-blank character: the first line is not indented twice', () => {
    const original = 'if (a) {\n      b();\n    }';
    assert.equal(fitProposal('if (a) {\n  b();\n}', shape('    ', original)), 'if (a) {\n      b();\n    }');
    assert.equal(fitProposal('if (a) {\n      c();\n    }', shape('    ', original)), 'if (a) {\n      c();\n    }', 'an answer shaped like the selection');
  });

  it('a selection that starts mid-line: the rest of the lines get the original\'s indentation', () => {
    assert.equal(fitProposal('foo(\n  1,\n)', shape('  const x = ', 'bar(\n    2,\n  )')), 'foo(\n    1,\n  )');
    assert.equal(fitProposal('  foo(1)', shape('  const x = ', 'bar(2)')), 'foo(1)');
  });

  it('writes the document\'s line ends, and no final break the selection did not have', () => {
    assert.equal(fitProposal('a\nb\n\n', shape('', 'x\r\ny', '\r\n')), 'a\r\nb');
    assert.equal(fitProposal('a\r\nb', shape('', 'x\r\ny\r\n', '\r\n')), 'a\r\nb\r\n');
  });

  it('commonIndent ignores blank lines', () => {
    assert.equal(commonIndent(['    a', '', '  ', '    b']), '    ');
    assert.equal(commonIndent(['\t\ta', '\tb']), '\t');
  });
});

describe('extension: refactor prompt and the reference gateway\'s answer', () => {
  it('the gateway recognises the prompt the command sends', () => {
    assert.equal(REFACTOR_PROMPT_MARKER, REFACTOR_MARKER);
    const [, user] = refactorMessages({ fileName: 'calc.ts', languageId: 'typescript', code: '  const a = 1;\n  return a;' }, 'inline the\nvariable');
    assert.ok(user.content.startsWith(REFACTOR_MARKER));
    const reply = replyText('m', user.content);
    assert.equal(reply, refactorReply(user.content));
    assert.equal(reply, [
      'Sure! Here is the refactored code:', '', '```typescript', '// refactored: inline the variable', 'const a = 1;', 'return a;', '```', '',
      'This keeps the behaviour the same and applies the instruction.',
    ].join('\n'));
    assert.equal(extractCode(reply, 'typescript')?.code, '// refactored: inline the variable\nconst a = 1;\nreturn a;');
  });

  it('a fence in the selected code gets a longer fence, in the prompt and the answer', () => {
    assert.equal(fenceFor('a ``` b'), '````');
    const [, user] = refactorMessages({ fileName: 'r.md', languageId: 'markdown', code: '```sh\nls\n```' }, 'x');
    const reply = replyText('m', user.content);
    assert.equal(extractCode(reply, 'markdown')?.code, '// refactored: x\n```sh\nls\n```');
    assert.equal(replyText('m', 'hi'), 'Hello from m. You said: hi');
  });
});

describe('extension: when a rate-limited request may be retried', () => {
  it('says when, in seconds or minutes, and nothing when the gateway did not say', () => {
    const message = 'The gateway is rate limiting requests (429): Too Many Requests';
    assert.equal(retryHint({ kind: 'rate_limited', retryAfterMs: 45_000, message }), ' Try again in 45 s.');
    assert.equal(retryHint({ kind: 'rate_limited', retryAfterMs: 1, message }), ' Try again in 1 s.');
    assert.equal(retryHint({ kind: 'rate_limited', retryAfterMs: 600_000, message }), ' Try again in 10 min.');
    assert.equal(retryHint({ kind: 'rate_limited', message }), '');
    assert.equal(retryHint({ kind: 'server', retryAfterMs: 5000, message }), '');
    assert.equal(retryHint({ kind: 'rate_limited', retryAfterMs: 45_000, message: 'The gateway is rate limiting requests (429); the gateway asks to wait 45 s before trying again' }), '', 'core already said it');
  });
});

describe('extension: a model\'s markdown made safe for the explanation preview', () => {
  it('shows raw HTML as text and images as links, in prose only', () => {
    assert.equal(safeMarkdown('Use <b>this</b> ![x](https://t.example/p.png) and <img src=x onerror=y>'),
      'Use &lt;b>this&lt;/b> \\![x](https://t.example/p.png) and &lt;img src=x onerror=y>');
  });

  it('leaves fenced and inline code exactly as written', () => {
    const text = 'Call `a<b>()` or ``x ` <y>``.\n```html\n<div>![a](b)</div>\n```\n~~~~\n```\n<p>\n~~~~\nafter <i>';
    assert.equal(safeMarkdown(text), 'Call `a<b>()` or ``x ` <y>``.\n```html\n<div>![a](b)</div>\n```\n~~~~\n```\n<p>\n~~~~\nafter &lt;i>');
    assert.equal(safeMarkdown('an `unclosed <span'), 'an `unclosed &lt;span', 'an unclosed backtick is literal: the rest is prose');
  });
});

describe('extension: while core waits to try again', () => {
  it('says why, in how long and at what time, which attempt, and how to stop', () => {
    const now = new Date(2026, 10, 30, 14, 2, 19).getTime();
    assert.equal(retryWaitText({ waitMs: 12_000, nextAttempt: 2, maxAttempts: 3, status: 429 }, now), 'The gateway is busy (429): trying again in 12 s, at 14:02:31 (attempt 2 of 3); Stop cancels');
    assert.match(retryWaitText({ waitMs: 900, nextAttempt: 3, maxAttempts: 3 }, now), /^The connection failed: trying again in 1 s/);
  });
});
