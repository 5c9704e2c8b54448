import * as assert from 'node:assert/strict';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import { TASKS } from '../../../src/core/tasks';
import type { EndpointState } from '../../../src/extension/endpoints/endpoint-store';
import { Commands } from '../../../src/extension/commands/ids';
import { TASK_ICONS, actionsForError, buildTree } from '../../../src/extension/tree/tree-model';
import { ERROR_KINDS } from '../../../src/core/errors';

const parsed = parseEndpoints([
  { id: 'gp', label: 'GPUStack', platform: 'gpustack', baseUrl: 'https://g.example/v1' },
  { id: 'down', platform: 'openai', baseUrl: 'http://127.0.0.1:9/v1' },
  { id: 'nokey', platform: 'rafay', baseUrl: 'https://r.example/v2/ep/openai/v1' },
  { id: 'bad', platform: 'openai', baseUrl: 'ftp://x' },
]);

function states(): EndpointState[] {
  const [gp, down, nokey] = parsed.endpoints;
  const warnings = (id: string) => parsed.warnings.filter((w) => w.endpointId === id).map((w) => w.message);
  return [
    { endpoint: gp, warnings: warnings('gp'), status: { state: 'ready', models: [
      { endpointId: 'gp', id: 'qwen3', label: 'qwen3', tasks: ['chat', 'completion'], contextLength: 32768, source: 'discovered' },
      { endpointId: 'gp', id: 'bge', label: 'bge', tasks: ['embedding'], source: 'discovered' },
    ] } },
    { endpoint: down, warnings: [], status: { state: 'error', kind: 'network', message: 'Could not reach the gateway; check the base URL, network and proxy: ECONNREFUSED' } },
    { endpoint: nokey, warnings: [], status: { state: 'missingCredentials', missing: ['apiKey'] } },
  ];
}

describe('extension: tree model', () => {
  const tree = buildTree(states(), parsed.problems);

  it('lists configuration problems first, with the entry and the field', () => {
    assert.equal(tree[0].kind, 'problems');
    const [p] = tree[0].children;
    assert.equal(p.label, '"bad"');
    assert.match(p.description!, /^baseUrl/);
    assert.match(p.tooltip!, /field `baseUrl`/);
    assert.equal(p.command?.id, Commands.openEndpointSettings);
  });

  it('shows models with task icons and tasks, and the warnings of an endpoint', () => {
    const gp = tree[1];
    assert.equal(gp.description, '2 models · GPUStack');
    const [warning, qwen, bge] = gp.children;
    assert.equal(warning.kind, 'warning');
    assert.match(warning.label, /\/v1/);
    assert.equal(qwen.icon, 'comment-discussion');
    assert.equal(qwen.description, 'chat, completion');
    assert.match(qwen.tooltip!, /32,768 tokens/);
    assert.equal(qwen.contextValue, 'maas.model.chat');
    assert.equal(bge.icon, 'symbol-array');
    assert.equal(bge.contextValue, 'maas.model');
  });

  it('shows an error line with an action, and a missing key as a click to set it', () => {
    const down = tree[2];
    assert.equal(down.description, 'error: network · OpenAI-compatible');
    assert.equal(down.iconColor, 'error');
    assert.equal(down.children[0].kind, 'error');
    assert.match(down.children[0].label, /^Unreachable: Could not reach.*ECONNREFUSED/);
    assert.equal(down.children[0].command?.id, Commands.editEndpoint);
    const nokey = tree[3];
    assert.equal(nokey.children[0].kind, 'credentials');
    assert.equal(nokey.children[0].command?.id, Commands.setCredentials);
    assert.deepEqual(nokey.children[0].command?.args, ['nokey']);
  });

  it('has unique keys', () => {
    const keys: string[] = [];
    const walk = (ns: typeof tree) => ns.forEach((n) => { keys.push(n.key); walk(n.children); });
    walk(tree);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('has an icon for every task and an action for every error kind', () => {
    for (const t of TASKS) assert.ok(TASK_ICONS[t]);
    const actions = Object.fromEntries(ERROR_KINDS.map((k) => [k, actionsForError(k).map((a) => a.command)]));
    const c = Commands;
    assert.deepEqual(actions, {
      auth: [c.setCredentials, c.showLog],
      forbidden: [c.setCredentials, c.showLog],
      not_found: [c.editEndpoint, c.showLog],
      timeout: [c.refresh, c.showLog],
      rate_limited: [c.refresh, c.showLog],
      bad_request: [c.editEndpoint, c.showLog],
      server: [c.refresh, c.showLog],
      network: [c.editEndpoint, c.refresh, c.showLog],
      tls: [c.editEndpoint, c.showLog],
      protocol: [c.editEndpoint, c.showLog],
      config: [c.openEndpointSettings, c.setCredentials, c.showLog],
    });
  });

  it('marks the default chat model', () => {
    const marked = buildTree(states(), [], 'gp/qwen3');
    assert.equal(marked[0].children[1].description, 'chat, completion · default chat model');
    assert.equal(marked[0].children[2].description, 'embedding');
  });

  it('is empty (the welcome view) without endpoints or problems', () => {
    assert.deepEqual(buildTree([], []), []);
  });
});
