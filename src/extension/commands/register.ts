/** Registers every command of `Commands` (the compiler insists each id has a handler). */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { Commands, type CommandKey } from './ids';
import { addEndpoint } from './add-endpoint';
import { clearCredentials, setCredentials } from './credentials';
import { copyModelId, editEndpoint, openEndpointSettings, refresh, removeEndpoint, setDefaultChatModel } from './endpoint-commands';
import { testConnection } from './test-connection';
import { notify } from '../notify';
import type { EditorActions } from '../editor/editor-actions';
import type { TaskPanelCommands } from '../panel/panel-commands';

type Handler = (...args: unknown[]) => unknown;

export function registerCommands(s: Services, editor: EditorActions, panel: TaskPanelCommands): vscode.Disposable[] {
  const handlers: Record<CommandKey, Handler> = {
    addEndpoint: () => addEndpoint(s),
    editEndpoint: (arg) => editEndpoint(s, arg),
    removeEndpoint: (arg, options) => removeEndpoint(s, arg, options),
    openEndpointSettings: (arg) => openEndpointSettings(s, arg),
    setCredentials: (arg, options) => setCredentials(s, arg, options),
    clearCredentials: (arg, options) => clearCredentials(s, arg, options),
    refresh: (arg) => refresh(s, arg),
    refreshAll: () => refresh(s, undefined),
    testConnection: (arg) => testConnection(s, arg),
    setDefaultChatModel: (arg) => setDefaultChatModel(s, arg),
    copyModelId: (arg) => copyModelId(arg),
    showLog: () => s.log.show(),
    explainSelection: (arg) => editor.explain(arg),
    refactorSelection: (arg) => editor.refactor(arg),
    acceptRefactor: (arg) => editor.decide('accept', arg),
    discardRefactor: (arg) => editor.decide('discard', arg),
    openTaskPanel: (arg) => panel.open(arg),
    runTask: (arg) => panel.open(arg),
    rerankSelection: () => panel.rerankSelection(),
    embedSelection: () => panel.embedSelection(),
    transcribeFile: (arg) => panel.transcribe(arg),
  };
  return (Object.keys(handlers) as CommandKey[]).map((key) => vscode.commands.registerCommand(Commands[key], async (...args: unknown[]) => {
    try {
      return await handlers[key](...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      s.log.error(`${Commands[key]} failed: ${message}`);
      notify(s.log, 'error', `MaaS: ${message}`, { title: 'Show Log', run: () => s.log.show() });
      return undefined;
    }
  }));
}
