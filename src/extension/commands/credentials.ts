/**
 * MaaS: Set Credentials… / Clear Credentials — per endpoint, and per model for OICM's model tokens.
 * Keys, tokens and client secrets are typed into password boxes, go straight to SecretStorage and are
 * never shown again. A client id is not a secret: its box is not masked and shows the stored id.
 * When a value is stored, Enter on an empty box keeps it; when nothing is stored, an empty box is refused.
 */
import * as vscode from 'vscode';
import { noticeText } from '../notice-text';
import { authSecretNames, modelTokenName, type SecretName } from '../../core/credentials';
import type { Endpoint } from '../../core/endpoint/schema';
import { checkSecret, type Validation } from '../config/platform-guide';
import type { Services } from '../services';
import { describeSecret } from '../tree/tree-model';
import { QuickInputPrompter } from './multi-step-input';
import { BACK, runSteps, type Step } from './prompter';
import { resolveEndpoint, modelIdOf } from './endpoint-target';
import { skipsConfirmation } from '../run-mode';
import { Commands } from './ids';
import { whileShown } from '../ui-activity';
import { pickReclaimingFocus } from './reclaim-focus';
import { movedDialog } from '../origin-binding';
import { ENTER_NEW_KEY, USE_HERE, movedWhat, useCredentialsHere } from './secret-origins';

type Which = { kind: 'key' } | { kind: 'oauth2' } | { kind: 'model'; modelId: string };

async function chooseOicmSecret(s: Services, e: Endpoint): Promise<Which | undefined> {
  const stored = new Set(await s.secrets.names(e.id));
  const mark = (name: SecretName) => (stored.has(name) ? 'stored' : 'not set');
  type Item = vscode.QuickPickItem & { which: Which };
  const items: Item[] = [
    { label: '$(key) Endpoint key', description: mark('apiKey'), detail: 'Used by every model that has no token of its own', which: { kind: 'key' } },
    ...e.models.map((m): Item => ({
      label: `$(symbol-key) Token of ${m.label}`, description: `${m.id} · ${mark(modelTokenName(m.id))}`,
      detail: 'The model version\'s own access token (wins over the endpoint key)', which: { kind: 'model', modelId: m.id },
    })),
  ];
  const picked = await whileShown(() => pickReclaimingFocus(items, {
    title: `Set Credentials: ${e.label}`, placeHolder: 'Which credential?', matchOnDescription: true,
  }));
  return picked?.which;
}

/**
 * Resolves true when something was stored (or a stored secret is now used at the endpoint's new origin).
 * When a stored secret was entered for another origin, asks first: "Use here" or "Enter a new key"
 * (`{ newKey: true }` as second argument: that answer was already given).
 */
export async function setCredentials(s: Services, arg: unknown, options?: unknown): Promise<boolean> {
  const target = await resolveEndpoint(s, arg, 'Set Credentials');
  if (!target) return false;
  const e = target.endpoint;
  const moved = await s.secrets.moved(e);
  const newKey = !!options && typeof options === 'object' && (options as { newKey?: unknown }).newKey === true;
  if (moved.length && !newKey) {
    const q = movedDialog(e.label, movedWhat(moved), moved[0].from, moved[0].to, 'use');
    const answer = await vscode.window.showWarningMessage(noticeText(q.message), { modal: true, detail: noticeText(q.detail) }, USE_HERE, ENTER_NEW_KEY);
    if (answer === USE_HERE) {
      await useCredentialsHere(s, e);
      return true;
    }
    if (answer !== ENTER_NEW_KEY) return false;
  }
  const movedNames = new Set(moved.map((m) => m.name));
  let which: Which | undefined;
  const modelId = modelIdOf(arg);
  if (e.platform === 'oicm') which = modelId ? { kind: 'model', modelId } : await chooseOicmSecret(s, e);
  else if (e.auth.type === 'oauth2') which = { kind: 'oauth2' };
  else if (e.auth.type === 'none') {
    const edit = 'Edit Endpoint';
    if ((await vscode.window.showInformationMessage(noticeText(`MaaS: "${e.label}" is set to use no authentication, so it has no credentials. Change its authentication with Edit Endpoint.`), edit)) === edit) {
      await vscode.commands.executeCommand(Commands.editEndpoint, e.id);
    }
    return false;
  } else which = { kind: 'key' };
  if (!which) return false;

  const names: SecretName[] = which.kind === 'model' ? [modelTokenName(which.modelId)] : authSecretNames(e.auth);
  const stored = new Set(await s.secrets.names(e.id));
  // the one value shown again: a client id identifies the client, it does not authenticate it
  const storedClientId = names.includes('clientId') && stored.has('clientId') ? await s.secrets.get(e.id, 'clientId') : undefined;
  const values: Partial<Record<SecretName, string>> = {};
  const what = (n: SecretName) => (n === 'apiKey' && e.platform === 'oicm' ? 'endpoint key' : describeSecret(n));
  const steps: Step<typeof values>[] = names.map((name) => ({
    key: name,
    run: async (state, p, info) => {
      const has = stored.has(name) && !movedNames.has(name); // a secret for another origin is not kept by Enter
      const secret = name !== 'clientId';
      const v = await p.input({
        ...info, password: secret, value: state[name] ?? (secret ? '' : storedClientId ?? ''),
        prompt: credentialPrompt(e, name, what(name), has),
        placeholder: has ? `Press Enter to keep the stored ${what(name)}, or type a new one` : `the ${what(name)}`,
        validate: (x) => checkCredential(x, what(name), has, e.label, name),
      });
      if (v === BACK) return BACK;
      state[name] = v.trim();
    },
  }));
  const done = await runSteps(values, () => steps, new QuickInputPrompter(), () => `Set Credentials: ${e.label}`);
  if (!done) return false;
  // an empty answer keeps what is stored; so does the stored client id left as it was
  const changed = names.filter((n) => values[n] && !(n === 'clientId' && values[n] === storedClientId));
  if (!changed.length) {
    vscode.window.setStatusBarMessage(`$(key) MaaS: the stored ${names.map(what).join(' and ')} of "${e.label}" kept`, 5000);
    return false;
  }
  for (const name of changed) await s.secrets.store(e.id, name, values[name] as string);
  vscode.window.setStatusBarMessage(`$(key) MaaS: ${changed.map(what).join(' and ')} of "${e.label}" saved`, 5000);
  await s.store.renew(e.id);
  return true;
}

function credentialPrompt(e: Endpoint, name: SecretName, what: string, stored: boolean): string {
  const header = e.auth.type === 'header' && name === 'apiKey' ? ` (sent in the ${e.auth.name} header)` : '';
  // (a secret's box says it in its placeholder; the client id's box shows the id instead)
  const keep = stored && name === 'clientId' ? '. Enter keeps the id shown' : '';
  return `The ${what} for "${e.label}"${header}; it is kept in VS Code's secret storage${keep}`;
}

/** Empty keeps a stored value and is refused when there is none; otherwise the usual secret checks. */
function checkCredential(value: string, what: string, stored: boolean, label: string, name: SecretName): Validation | undefined {
  if (!value) return stored ? undefined : { message: `Type the ${what}: none is stored for "${label}" yet (Escape cancels)`, severity: 'error' };
  return checkSecret(value, what, false, name);
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
    vscode.window.showInformationMessage(noticeText(`MaaS: no ${modelId ? `token of model ${modelId}` : 'credentials'} stored for "${e.label}".`));
    return false;
  }
  const clear = 'Clear';
  const answer = skipsConfirmation(options, s.testSeams) ? clear : await vscode.window.showWarningMessage(
    noticeText(`Clear the stored ${names.map(describeSecret).join(', ')} of "${e.label}"?`),
    { modal: true, detail: names.length === 1
      ? 'It is deleted from VS Code\'s secret storage; set it again with "MaaS: Set Credentials…".'
      : 'They are deleted from VS Code\'s secret storage; set them again with "MaaS: Set Credentials…".' }, clear,
  );
  if (answer !== clear) return false;
  await Promise.all(names.map((n) => s.secrets.delete(e.id, n)));
  await s.store.renew(e.id);
  return true;
}
