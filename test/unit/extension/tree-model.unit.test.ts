import * as assert from 'node:assert/strict';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import { TASKS } from '../../../src/core/tasks';
import type { EndpointState } from '../../../src/extension/endpoints/endpoint-store';
import { Commands } from '../../../src/extension/commands/ids';
import { INSECURE_BADGE, TASK_ICONS, actionsForError, buildTree, trafficLines } from '../../../src/extension/tree/tree-model';
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
    assert.match(p.tooltip!, /`baseUrl`: baseUrl "ftp/);
    assert.equal(p.command?.id, Commands.openEndpointSettings);
    assert.deepEqual(p.command?.args, [{ index: 3, field: 'baseUrl' }], 'a click selects the field at fault');
  });

  it('shows models with task icons and tasks, and the warnings of an endpoint', () => {
    const gp = tree[1];
    assert.equal(gp.description, '2 models');
    const [warning, qwen, bge] = gp.children;
    assert.equal(warning.kind, 'warning');
    assert.match(warning.label, /\/v1/);
    assert.equal(qwen.icon, 'comment-discussion');
    assert.equal(qwen.description, 'chat, completion');
    assert.match(qwen.tooltip!, /32,768 tokens/);
    assert.equal(qwen.contextValue, 'maas.model.chat');
    assert.equal(bge.icon, 'symbol-array');
    assert.equal(bge.contextValue, 'maas.model.task');
  });

  it('shows an error line with an action, and a missing key as a click to set it', () => {
    const down = tree[2];
    assert.equal(down.description, 'unreachable');
    assert.equal(down.iconColor, 'error');
    assert.equal(down.children[0].kind, 'error');
    assert.equal(down.children[0].label, 'Could not reach the gateway; check the base URL, network and proxy: ECONNREFUSED');
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
    const [, qwen, bge] = marked[0].children;
    assert.equal(qwen.icon, 'star-full');
    assert.equal(qwen.description, 'default · chat, completion');
    assert.match(qwen.tooltip!, /^\*\*qwen3\*\* \(default chat model\)/);
    assert.equal(qwen.contextValue, 'maas.model.chat.default', 'no "Set as default" star on the default itself');
    assert.equal(bge.description, 'embedding');
    assert.equal(bge.icon, 'symbol-array');
  });

  it('is empty (the welcome view) without endpoints or problems', () => {
    assert.deepEqual(buildTree([], []), []);
  });

  it('states an error once, worded for the auth type, with credential and connection state in the hover', () => {
    const [ep] = parseEndpoints([
      { id: 'k', platform: 'openai', baseUrl: 'http://k/v1' },
      { id: 'o', platform: 'openai', baseUrl: 'http://o/v1', auth: { type: 'oauth2', tokenUrl: 'http://o/token' } },
    ]).endpoints;
    const oauth = parseEndpoints([{ id: 'o', platform: 'openai', baseUrl: 'http://o/v1', auth: { type: 'oauth2', tokenUrl: 'http://o/token' } }]).endpoints[0];
    const rejected = 'The gateway rejected the API key (401); check or replace it';
    const [key, o, forbidden] = buildTree([
      { endpoint: ep, warnings: [], status: { state: 'error', kind: 'auth', status: 401, message: rejected } },
      { endpoint: oauth, warnings: [], status: { state: 'error', kind: 'auth', status: 401, message: 'The gateway rejected the OAuth2 client credentials (401); check the client id and secret' } },
      { endpoint: { ...ep, id: 'f' }, warnings: [], status: { state: 'error', kind: 'forbidden', status: 403, message: 'The gateway refused access (403)' } },
    ], []);
    assert.equal(key.description, 'key rejected (401)');
    assert.equal(key.children[0].label, rejected, 'the child says it once, without a headline repeating it');
    assert.equal(key.children[0].command?.id, Commands.setCredentials);
    assert.match(key.tooltip!, /credentials: API key stored, but rejected/);
    assert.match(key.tooltip!.replace(/\\/g, ''), /connection: key rejected \(401\)/, 'markdown escapes aside');
    assert.equal(o.description, 'client credentials rejected (401)');
    assert.match(o.tooltip!, /credentials: client id and secret stored, but rejected/);
    assert.equal(forbidden.description, 'access refused (403)');
    const [nokey] = buildTree([states()[2]], []);
    assert.match(nokey.tooltip!, /credentials: API key not stored/);
    const [gp] = buildTree([states()[0]], []);
    assert.match(gp.tooltip!, /connection: connected, 2 models/);
  });

  it('an endpoint whose client could not be built shows its own error row, which selects the field at fault', () => {
    const [ep] = parseEndpoints([{ id: 'ca', platform: 'openai', baseUrl: 'https://ca/v1', tls: { caFile: '/nope.pem' } }]).endpoints;
    const message = 'endpoint "ca": tls.caFile "/nope.pem" cannot be read (ENOENT); give the path of a PEM file';
    const [node] = buildTree([{ endpoint: ep, warnings: [], status: { state: 'error', kind: 'config', message, field: 'tls.caFile' } }], []);
    assert.equal(node.description, 'CA file unreadable');
    assert.equal(node.children[0].label, 'tls.caFile "/nope.pem" cannot be read (ENOENT); give the path of a PEM file');
    assert.equal(node.children[0].command?.id, Commands.openEndpointSettings);
    assert.deepEqual(node.children[0].command?.args, [{ endpointId: 'ca', field: 'tls.caFile' }]);
  });

  it('groups every problem of an entry under it, each selecting its own field', () => {
    const r = parseEndpoints([
      { id: 'multi', platform: 'nope', baseUrl: 'ftp://x', timeoutSeconds: 0 },
      { id: 'one', platform: 'openai' },
    ]);
    const [problems] = buildTree([], r.problems);
    assert.equal(problems.label, 'Configuration problems (2)');
    const [multi, one] = problems.children;
    assert.equal(multi.label, '"multi"');
    assert.equal(multi.description, '3 problems');
    assert.deepEqual(multi.children.map((c) => c.command?.args), r.problems.filter((p) => p.index === 0).map((p) => [{ index: 0, field: p.field }]));
    assert.ok(multi.children.every((c) => !c.label.startsWith('endpoint "')), 'the entry is named once, on its row');
    for (const field of ['platform', 'baseUrl', 'timeoutSeconds']) assert.match(multi.tooltip!, new RegExp(`\`${field}\``));
    assert.equal(one.children.length, 0);
    assert.equal(one.description, 'baseUrl is required');
    assert.deepEqual(one.command?.args, [{ index: 1, field: 'baseUrl' }]);
  });

  it('shows server text as text: no link, image, icon or code-span break-out in a hover; no control characters in a row', () => {
    const [ep] = parseEndpoints([{ id: 'h', platform: 'openai', baseUrl: 'http://h/v1' }]).endpoints;
    const reason = 'denied [click](command:workbench.action.quit) ![img](https://example.invalid/x.png) $(bug) \u001b[2J';
    const [err] = buildTree([{ endpoint: ep, warnings: [], status: { state: 'error', kind: 'forbidden', status: 403, message: reason } }], []);
    const errTip = err.children[0].tooltip!;
    assert.ok(!/\]\(/.test(errTip.replace(/\\[\])]/g, '')), `an unescaped link in ${errTip}`);
    assert.ok(!errTip.includes('$(bug)'), 'a theme icon from the server');
    assert.ok(!err.children[0].label.includes('\u001b'), 'an escape sequence in the row');
    const id = 'evil`** [x](command:workbench.action.quit) `';
    const [ready] = buildTree([{ endpoint: ep, warnings: [], status: { state: 'ready', models: [
      { endpointId: 'h', id, label: 'evil', tasks: ['chat'], source: 'configured' },
    ] } }], []);
    const tip = ready.children[0].tooltip!;
    const span = /id: (`+)( ?)([\s\S]*?)\2\1(?!`)/.exec(tip);
    assert.ok(span, tip);
    assert.equal(span[3], id, 'the whole id sits inside one code span');
    assert.ok(!span[3].includes(span[1]), 'the fence is longer than any backtick run in the id');
  });

  it('a key entered for another origin: the endpoint says so and where, and a click asks what to do', () => {
    const [ep] = parseEndpoints([{ id: 'm', platform: 'openai', baseUrl: 'https://new.example/v1' }]).endpoints;
    const [node] = buildTree([{ endpoint: ep, warnings: [], status: { state: 'missingCredentials', missing: ['apiKey'], enteredFor: 'http://old.example:8000' } }], []);
    assert.equal(node.description, 'origin changed');
    assert.equal(node.children[0].label, 'Entered for http://old.example:8000');
    assert.equal(node.children[0].command?.id, Commands.setCredentials);
    assert.match(node.tooltip!.replace(/\\/g, ''), /API key entered for http:\/\/old.example:8000, not sent here/);
  });

  it('marks an endpoint whose certificates are not checked (badge, icon, hover); names a CA file in the hover', () => {
    const p = parseEndpoints([
      { id: 'lab', label: 'Lab', platform: 'openai', baseUrl: 'https://lab.example/v1', tls: { insecureSkipVerify: true } },
      { id: 'corp', label: 'Corp', platform: 'openai', baseUrl: 'https://corp.example/v1', tls: { caFile: '/etc/corp/ca.pem' } },
    ]);
    const warnings = (id: string) => p.warnings.filter((w) => w.endpointId === id).map((w) => w.message);
    const models = [{ endpointId: 'lab', id: 'm', label: 'm', tasks: ['chat' as const], source: 'discovered' as const }];
    const [lab, corp] = buildTree(p.endpoints.map((endpoint) => ({ endpoint, warnings: warnings(endpoint.id), status: { state: 'ready' as const, models } })), []);
    assert.equal(lab.description, `${INSECURE_BADGE} · 1 model`);
    assert.equal(lab.icon, 'unlock');
    assert.equal(lab.iconColor, 'warning');
    assert.match(lab.tooltip!, /TLS certificates not checked/);
    assert.equal(corp.description, '1 model');
    assert.match(corp.tooltip!, /TLS: CA file \/etc\/corp\/ca\\\.pem added to the system roots/);
  });

  it('the hover states the last answer\'s rate limits and this session\'s token usage', () => {
    const [gp] = parsed.endpoints;
    const state: EndpointState = {
      endpoint: gp, warnings: [], status: { state: 'ready', models: [] },
      traffic: {
        rateLimit: { requests: { limit: 600, remaining: 598, resetMs: 60_000 }, tokens: { remaining: 199_500, resetMs: 360_000 }, quota: { limit: 100, remaining: 7, resetMs: 800 }, policy: '100;w=60' },
        usage: { answers: 2, inputTokens: 1234, outputTokens: 56 },
      },
    };
    const [node] = buildTree([state], []);
    assert.ok(node.tooltip!.includes('rate limits (as of the last answer): 598 of 600 requests left, resets in 60 s; 199,500 tokens left, resets in 6 min; 7 of 100 left, resets in 800 ms; policy 100;w=60'), node.tooltip);
    assert.ok(node.tooltip!.includes('tokens this session: 1,234 in, 56 out (2 answers)'), node.tooltip);
    assert.deepEqual(trafficLines({ usage: { answers: 0, inputTokens: 0, outputTokens: 0 } }), [], 'nothing before any answer');
    assert.deepEqual(trafficLines({ rateLimit: { policy: '[x](https://evil.example)' }, usage: { answers: 0, inputTokens: 0, outputTokens: 0 } }),
      ['', 'rate limits (as of the last answer): policy \\[x\\]\\(https://evil\\.example\\)'], 'server text is escaped');
  });
});
