/** Edit, Remove, Open in settings.json, Refresh, default chat model, Copy Model Id, Show Log. */
import * as vscode from 'vscode';
import { noticeText } from '../notice-text';
import { parseEndpoints } from '../../core/endpoint/config';
import { locateEndpointEntry, locateEndpointField, type FieldTarget } from '../config/settings-json';
import { modelRef, splitModelRef } from '../config/model-ref';
import { Commands, ENDPOINTS_VIEW_ID } from './ids';
import { whileShown } from '../ui-activity';
import type { Services } from '../services';
import { CONNECTION_FIELDS, askEdit, askNewKey, valueStepOf, type EditField, type EditState } from './edit-endpoint-flow';
import type { CredentialSource, SecretName } from '../../core/credentials';
import { PLATFORM_GUIDES } from '../config/platform-guide';
import { failureDetail, failureSentence, keyLikelyWrong } from './check-outcome';
import { askAfterFailedCheck, checkConnection } from './connection-check';
import { QuickInputPrompter } from './multi-step-input';
import { endpointIdOf, modelIdOf, resolveEndpoint } from './endpoint-target';
import { skipsConfirmation } from '../run-mode';
import { setCredentials } from './credentials';
import { commandAction, notify } from '../notify';
import { movedDialog } from '../origin-binding';
import { ENTER_NEW_KEY, USE_HERE, movedWhat } from './secret-origins';

/**
 * Opens the user's settings.json with a selection: a field of an entry (`{ index | endpointId, field }`,
 * from a problem or an error row), an entry by id or position, or the setting itself.
 */
export async function openEndpointSettings(s: Services, arg: unknown): Promise<void> {
  const fieldTarget = arg && typeof arg === 'object' && ('field' in arg || 'index' in arg) ? arg as FieldTarget : undefined;
  const target = typeof arg === 'number' ? arg : endpointIdOf(arg);
  await vscode.commands.executeCommand('workbench.action.openSettingsJson');
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const text = editor.document.getText();
  const hit = fieldTarget ? locateEndpointField(text, fieldTarget) : locateEndpointEntry(text, target);
  if (!hit) {
    s.log.debug('settings.json has no "maas.endpoints" entry yet');
    return;
  }
  const start = editor.document.positionAt(hit.offset);
  const end = editor.document.positionAt(hit.offset + hit.length);
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * Resolves true when the entry was changed. A change that can break the connection is checked first;
 * nothing is written unless the check passes or the user says "Save anyway".
 */
export async function editEndpoint(s: Services, arg: unknown): Promise<boolean> {
  const target = await resolveEndpoint(s, arg, 'Edit Endpoint');
  if (!target) return false;
  const e = target.endpoint;
  const raw = s.settings.rawEndpoint(e.id);
  if (!raw) {
    await openEndpointSettings(s, e.id);
    return false;
  }
  const state: EditState = {};
  let outcome = await askEdit(new QuickInputPrompter(), e, raw, state);
  /** A key typed after "Fix key": used for the check, stored only with the change. */
  let typed: { name: SecretName; value: string }[] = [];
  /** Stored secrets entered for another origin that the user said to use at the edited one. */
  const useHere = new Set<SecretName>();
  for (;;) {
    if (!outcome) return false;
    if (outcome.kind === 'credentials') return setCredentials(s, e.id);
    if (outcome.kind === 'json') {
      await openEndpointSettings(s, e.id);
      return false;
    }
    const check = parseEndpoints([outcome.entry]);
    const after = check.endpoints[0];
    if (check.problems.length || !after) {
      vscode.window.showErrorMessage(noticeText(`MaaS: not saved: ${check.problems.map((p) => p.message).join('; ')}`));
      return false;
    }
    // A stored secret entered for another origin than the edited one: ask before sending it there.
    const moved = (await s.secrets.moved(after)).filter((m) => !typed.some((t) => t.name === m.name));
    if (moved.length) {
      const q = movedDialog(after.label, movedWhat(moved), moved[0].from, moved[0].to, 'check');
      const answer = await vscode.window.showWarningMessage(noticeText(q.message), { modal: true, detail: noticeText(q.detail) }, USE_HERE, ENTER_NEW_KEY);
      if (answer === ENTER_NEW_KEY) {
        const key = await askNewKey(new QuickInputPrompter(), after);
        if (!key) return false;
        typed = key;
        continue;
      }
      if (answer !== USE_HERE) return false;
      for (const m of moved) useHere.add(m.name);
    }
    const missing = (await s.secrets.missing(after)).filter((n) => !typed.some((t) => t.name === n) && !useHere.has(n));
    if ((CONNECTION_FIELDS.includes(outcome.field) || typed.length) && !missing.length) {
      const credentials: CredentialSource = {
        // a secret the user said to use at the new origin is read as stored; any other is checked against its origin
        get: async (id, name) => typed.find((t) => t.name === name)?.value ?? (useHere.has(name) ? s.secrets.peek(id, name) : s.secrets.getFor(after, name)),
        describe: (id, name) => s.secrets.describe(id, name),
      };
      const result = await checkConnection(after, credentials, s.log);
      if (!result.ok) {
        const guide = PLATFORM_GUIDES[after.platform];
        const sentence = failureSentence(result, { baseUrl: after.baseUrl, keyName: guide.keyName, platformLabel: guide.label, hasKey: after.auth.type !== 'none' });
        s.log.info(`Edit Endpoint: connection check of "${e.id}" failed: ${result.cancelled ? 'cancelled' : result.message}`);
        const again = EDIT_AGAIN[outcome.field] ?? 'Edit again';
        const fixKey = after.auth.type === 'none' ? undefined : 'Fix key';
        const saveAnyway = 'Save anyway';
        const choices = fixKey && keyLikelyWrong(result) ? [fixKey, again, saveAnyway] : fixKey ? [again, fixKey, saveAnyway] : [again, saveAnyway];
        const detail = [
          failureDetail(result),
          `"${again}" goes back to the ${outcome.changed}${fixKey ? `; "${fixKey}" asks for the key again` : ''}. "${saveAnyway}" saves the change as it is; "Discard" keeps the endpoint as it was.`,
        ].filter(Boolean).join('\n\n');
        const choice = await askAfterFailedCheck(sentence, detail, choices);
        if (choice === again) {
          outcome = await askEdit(new QuickInputPrompter(), e, raw, state, valueStepOf(outcome.field));
          continue;
        }
        if (fixKey && choice === fixKey) {
          const key = await askNewKey(new QuickInputPrompter(), after);
          if (!key) return false;
          typed = key;
          continue;
        }
        if (choice !== saveAnyway) return false;
      }
    }
    for (const t of typed) await s.secrets.store(e.id, t.name, t.value, after);
    await s.secrets.bind(after, [...useHere]);
    await s.settings.replaceEndpoint(e.id, outcome.entry);
    s.log.info(`endpoint "${e.id}": ${outcome.changed} changed${typed.length ? ', with a new key' : ''}`);
    await s.reload();
    if (missing.length) {
      notify(s.log, 'info', `MaaS: "${after.label}" now needs credentials that are not stored yet.`, commandAction('Set Credentials', Commands.setCredentials, e.id));
    } else {
      vscode.window.setStatusBarMessage(`$(check) MaaS: ${outcome.changed} of "${after.label}" saved`, 5000);
    }
    return true;
  }
}

/** The button that goes back to the changed value after a failed check. */
const EDIT_AGAIN: Partial<Record<EditField, string>> = {
  baseUrl: 'Edit URL', tokenUrl: 'Edit URL', auth: 'Change authentication', cloudAccountId: 'Edit account number', chatApi: 'Change chat API',
};

/** Removes the settings entry and every `maas:<id>:*` secret, and clears the default chat model if it was this endpoint's. Resolves true when removed. */
export async function removeEndpoint(s: Services, arg: unknown, options?: unknown): Promise<boolean> {
  const target = await resolveEndpoint(s, arg, 'Remove Endpoint');
  if (!target) return false;
  const e = target.endpoint;
  const defaultRef = s.settings.defaultChatModel();
  const ownsDefault = defaultRef !== undefined && splitModelRef(defaultRef)?.endpointId === e.id;
  if (!skipsConfirmation(options, s.testSeams)) {
    const stored = await s.secrets.names(e.id);
    const remove = 'Remove';
    const consequences = [
      'Its entry is deleted from the maas.endpoints setting' + (stored.length ? ` and its ${stored.length} stored credential${stored.length === 1 ? '' : 's'} from VS Code's secret storage.` : '.'),
      ...(ownsDefault ? [`Its model ${defaultRef} is the default chat model; that setting will be cleared.`] : []),
    ];
    const answer = await vscode.window.showWarningMessage(noticeText(`Remove endpoint "${e.label}"?`), { modal: true, detail: noticeText(consequences.join('\n\n')) }, remove);
    if (answer !== remove) return false;
  }
  // secrets first: once the entry is gone, secrets still stored under its id would be orphans (and offered as such)
  await s.secrets.deleteAll(e.id);
  await s.settings.removeEndpoint(e.id);
  s.log.info(`endpoint "${e.id}" removed`);
  if (ownsDefault) {
    await s.settings.setDefaultChatModel(undefined);
    s.log.info(`default chat model ${defaultRef} cleared (its endpoint was removed)`);
  }
  await s.reload();
  vscode.window.setStatusBarMessage(`$(trash) MaaS: endpoint "${e.label}" removed`, 5000);
  if (ownsDefault && !skipsConfirmation(options, s.testSeams) && s.store.models().some((m) => m.tasks.includes('chat'))) {
    notify(s.log, 'info', `MaaS: the default chat model was on "${e.label}" and has been cleared.`, commandAction('Choose Another…', Commands.setDefaultChatModel));
  }
  return true;
}

/** Rediscovers one endpoint (a row's Refresh, or an id) or, with no argument (the title bar's Refresh All), re-reads the settings and every endpoint. */
export async function refresh(s: Services, arg: unknown): Promise<void> {
  const id = endpointIdOf(arg);
  await vscode.window.withProgress({ location: { viewId: ENDPOINTS_VIEW_ID } }, async () => {
    if (id !== undefined) return s.store.refresh(id);
    await s.reload();
    await s.store.refresh();
  });
}

export async function setDefaultChatModel(s: Services, arg: unknown): Promise<string | undefined> {
  let endpointId = endpointIdOf(arg);
  let modelId = modelIdOf(arg);
  if (!endpointId || !modelId) {
    const chat = s.store.models().filter((m) => m.tasks.includes('chat'));
    if (!chat.length) {
      vscode.window.showInformationMessage('MaaS: no chat model has been discovered yet.');
      return undefined;
    }
    const current = s.settings.defaultChatModel();
    const items = chat.map((m) => {
      const ref = modelRef(m.endpointId, m.id);
      const isDefault = current === ref;
      return { label: `${isDefault ? '$(star-full)' : '$(comment-discussion)'} ${m.label}`, description: ref + (isDefault ? ' (default chat model)' : ''), m };
    });
    const picked = await whileShown(() => vscode.window.showQuickPick(items, {
      title: 'Set Default Chat Model', placeHolder: 'The model chat uses unless you pick another', matchOnDescription: true,
    }));
    if (!picked) return undefined;
    endpointId = picked.m.endpointId;
    modelId = picked.m.id;
  }
  const ref = modelRef(endpointId, modelId);
  await s.settings.setDefaultChatModel(ref);
  vscode.window.setStatusBarMessage(`$(star-full) MaaS: default chat model is ${ref}`, 5000);
  return ref;
}

export async function copyModelId(arg: unknown): Promise<void> {
  const modelId = modelIdOf(arg);
  if (modelId) await vscode.env.clipboard.writeText(modelId);
}
