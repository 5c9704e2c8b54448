/**
 * MaaS: Set Credentials… / Clear Credentials — per endpoint, and per model for OICM's model tokens.
 * Values are typed into password boxes, go straight to SecretStorage and are never shown again.
 */
import * as vscode from 'vscode';
import { modelTokenName, type SecretName } from '../../core/credentials';
import type { Endpoint } from '../../core/endpoint/schema';
import { checkSecret } from '../config/platform-guide';
import type { Services } from '../services';
import { describeSecret } from '../tree/tree-model';
import { QuickInputPrompter } from './multi-step-input';
import { BACK, runSteps, type Step } from './prompter';
import { resolveEndpoint, modelIdOf, skipsConfirmation } from './endpoint-target';
import { Commands } from './ids';
import { whileShown } from '../ui-activity';

type Which = { kind: 'key' } | { kind: 'oauth2' } | { kind: 'model'; modelId: string };

async function chooseOicmSecret(s: Services, e: Endpoint): Promise<Which | undefined> {
  const stored = new Set(await s.secrets.names(e.id));
  const mark = (name: SecretName) => (stored.has(name) ? 'stored' : 'not set');
  const items: (vscode.QuickPickItem & { which: Which })[] = [
    { label: '$(key) Endpoint key', description: mark('apiKey'), detail: 'Used by every model that has no token of its own', which: { kind: 'key' } },
    ...e.models.map((m) => ({
      label: `$(symbol-key) Token of ${m.label}`, description: `${m.id} · ${mark(modelTokenName(m.id))}`,
      detail: 'The model version\'s own access token (wins over the endpoint key)', which: { kind: 'model', modelId: m.id } as Which,
    })),
  ];
  const picked = await whileShown(() => vscode.window.showQuickPick(items, { title: `Set Credentials: ${e.label}`, placeHolder: 'Which credential?', matchOnDescription: true }));
  return picked?.which;
}

/** Resolves true when something was stored. */
export async function setCredentials(s: Services, arg: unknown): Promise<boolean> {
  const target = await resolveEndpoint(s, arg, 'Set Credentials');
  if (!target) return false;
  const e = target.endpoint;
  let which: Which | undefined;
  const modelId = modelIdOf(arg);
  if (e.platform === 'oicm') which = modelId ? { kind: 'model', modelId } : await chooseOicmSecret(s, e);
  else if (e.auth.type === 'oauth2') which = { kind: 'oauth2' };
  else if (e.auth.type === 'none') {
    const edit = 'Edit Endpoint';
    if ((await vscode.window.showInformationMessage(`MaaS: "${e.label}" is set to use no authentication, so it has no credentials. Change its authentication with Edit Endpoint.`, edit)) === edit) {
      await vscode.commands.executeCommand(Commands.editEndpoint, e.id);
    }
    return false;
  } else which = { kind: 'key' };
  if (!which) return false;

  const names: SecretName[] = which.kind === 'oauth2' ? ['clientId', 'clientSecret'] : which.kind === 'model' ? [modelTokenName(which.modelId)] : ['apiKey'];
  const stored = new Set(await s.secrets.names(e.id));
  const values: Partial<Record<SecretName, string>> = {};
  const what = (n: SecretName) => (n === 'apiKey' && e.platform === 'oicm' ? 'endpoint key' : describeSecret(n));
  const steps: Step<typeof values>[] = names.map((name) => ({
    key: name,
    run: async (state, p, info) => {
      const v = await p.input({
        ...info, password: true, value: state[name] ?? '',
        prompt: `The ${what(name)} for "${e.label}"${e.auth.type === 'header' && name === 'apiKey' ? ` (sent in the ${e.auth.name} header)` : ''}; it is kept in VS Code's secret storage`,
        placeholder: stored.has(name) ? `a ${what(name)} is stored — type a new one to replace it` : what(name),
        validate: (x) => checkSecret(x, what(name), false),
      });
      if (v === BACK) return BACK;
      state[name] = v.trim();
    },
  }));
  const done = await runSteps(values, () => steps, new QuickInputPrompter(), () => `Set Credentials: ${e.label}`);
  if (!done) return false;
  for (const name of names) {
    const v = values[name];
    if (v) await s.secrets.store(e.id, name, v);
  }
  vscode.window.setStatusBarMessage(`$(key) MaaS: ${names.map(what).join(' and ')} of "${e.label}" saved`, 5000);
  await s.store.renew(e.id);
  return true;
}

/** Resolves true when something was deleted. `{ confirm: false }` as second argument skips the question. */
export async function clearCredentials(s: Services, arg: unknown, options?: unknown): Promise<boolean> {
  const target = await resolveEndpoint(s, arg, 'Clear Credentials');
  if (!target) return false;
  const e = target.endpoint;
  const modelId = modelIdOf(arg);
  const stored = await s.secrets.names(e.id);
  const names = modelId ? stored.filter((n) => n === modelTokenName(modelId)) : stored;
  if (!names.length) {
    void vscode.window.showInformationMessage(`MaaS: no ${modelId ? `token of model ${modelId}` : 'credentials'} stored for "${e.label}".`);
    return false;
  }
  const clear = 'Clear';
  const answer = skipsConfirmation(options) ? clear : await vscode.window.showWarningMessage(
    `Clear the stored ${names.map(describeSecret).join(', ')} of "${e.label}"?`,
    { modal: true, detail: names.length === 1
      ? 'It is deleted from VS Code\'s secret storage; set it again with "MaaS: Set Credentials…".'
      : 'They are deleted from VS Code\'s secret storage; set them again with "MaaS: Set Credentials…".' }, clear,
  );
  if (answer !== clear) return false;
  await Promise.all(names.map((n) => s.secrets.delete(e.id, n)));
  await s.store.renew(e.id);
  return true;
}
