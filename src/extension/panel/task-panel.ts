/**
 * The task panel's host side: one webview panel (revealed if open) whose page asks, by typed messages,
 * for models, schemas, files and runs; every request goes through core's endpoint client. Results,
 * errors (core's message and the fix for its kind) and upload progress go back as messages.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { displayText } from '../../core/display-text';
import { isMaasError } from '../../core/errors';
import { RUNNABLE_TASKS, type MediaResult, type RunnableTask } from '../../core/tasks/types';
import type { Services } from '../services';
import { retryWaitReason } from '../retry-hint';
import { fixesFor, type ErrorFix } from '../chat/error-fixes';
import type { HistoryEntry, HostMessage, ModelChoice, PageMessage, Selection, TaskInputs } from './protocol';
import { validPageMessage } from './validate';
import { InputError, toPanelResult, toRequest } from './task-request';
import { addToHistory, keptResult, readHistory, summarize } from './history';
import { makeNonce, panelHtml } from './panel-html';

export const TASK_PANEL_VIEW_TYPE = 'maas.taskPanel';
const HISTORY_KEY = 'maas.taskPanel.history';

export interface Prefill { selection: Selection; inputs?: TaskInputs }

/** The runnable models of every ready endpoint (a model's tasks that its endpoint's platform offers). */
export function modelChoices(s: Services): ModelChoice[] {
  const out: ModelChoice[] = [];
  for (const st of s.store.list()) {
    if (st.status.state !== 'ready') continue;
    const offered = new Set(s.store.client(st.endpoint.id)?.tasksOffered() ?? []);
    for (const m of st.status.models) {
      const tasks = m.tasks.filter((t): t is RunnableTask => (RUNNABLE_TASKS as readonly string[]).includes(t) && offered.has(t as RunnableTask));
      if (!tasks.length) continue;
      out.push({ endpointId: st.endpoint.id, endpointLabel: st.endpoint.label ?? st.endpoint.id, modelId: m.id, label: m.label, tasks, ...(m.voices?.length ? { voices: m.voices } : {}) });
    }
  }
  return out;
}

const EXTENSIONS: Record<string, string> = { 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/mpeg': 'mp3', 'audio/ogg': 'ogg', 'audio/flac': 'flac', 'audio/webm': 'webm', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export class TaskPanel implements vscode.Disposable {
  private static current: TaskPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly runs = new Map<number, AbortController>();
  private media?: { runId: number; task: RunnableTask; result: MediaResult };
  private fixes: ErrorFix[] = [];
  private ready = false;
  private pending?: Prefill;
  private lastEditor?: vscode.TextEditor;

  static show(s: Services, extensionUri: vscode.Uri, state: vscode.Memento, prefill?: Prefill): TaskPanel {
    const open = TaskPanel.current;
    if (open) {
      open.panel.reveal(undefined, false);
      if (prefill) open.prefill(prefill);
      return open;
    }
    const panel = vscode.window.createWebviewPanel(TASK_PANEL_VIEW_TYPE, 'MaaS Tasks', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
    });
    TaskPanel.current = new TaskPanel(s, extensionUri, state, panel, prefill);
    return TaskPanel.current;
  }

  /** The open panel, if any (tests and commands). */
  static get open(): TaskPanel | undefined { return TaskPanel.current; }

  private constructor(private readonly s: Services, extensionUri: vscode.Uri, private readonly state: vscode.Memento, readonly panel: vscode.WebviewPanel, prefill?: Prefill) {
    this.pending = prefill;
    this.lastEditor = vscode.window.activeTextEditor;
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    panel.iconPath = vscode.Uri.joinPath(media, 'maas.svg');
    const w = panel.webview;
    w.html = panelHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'panel.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'panel.css')).toString(),
      nonce: makeNonce((n) => randomBytes(n)),
    });
    this.disposables.push(
      w.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      // hidden, the page is unloaded (its webview state is kept); it says 'ready' again when shown
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
      s.store.onDidChange(() => { if (this.ready) this.post({ type: 'models', models: modelChoices(s) }); }),
      vscode.window.onDidChangeActiveTextEditor((e) => { if (e) this.lastEditor = e; }),
    );
  }

  /** Into the page now if it is showing, else when it has (re)loaded: a hidden webview's page is unloaded. */
  prefill(p: Prefill): void {
    if (this.ready && this.panel.visible) this.post({ type: 'prefill', selection: p.selection, ...(p.inputs ? { inputs: p.inputs } : {}) });
    else this.pending = p;
  }

  private history(): HistoryEntry[] {
    return readHistory(this.state.get<unknown>(HISTORY_KEY));
  }

  private post(m: HostMessage): void {
    this.panel.webview.postMessage(m).then(undefined, (e: unknown) => this.s.log.debug(`task panel: a message was not delivered: ${String(e)}`));
  }

  private receive(raw: unknown): void {
    const m = validPageMessage(raw);
    if (!m) { this.s.log.warn('task panel: ignored a malformed message from the page'); return; }
    this.handle(m).catch((e: unknown) => this.s.log.error(`task panel: ${m.type} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async handle(m: PageMessage): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const p = this.pending; this.pending = undefined;
        this.post({ type: 'init', models: modelChoices(this.s), history: this.history(), ...(p ? { selection: p.selection, ...(p.inputs ? { inputs: p.inputs } : {}) } : {}) });
        return;
      }
      case 'run': return this.run(m);
      case 'cancel': this.runs.get(m.runId)?.abort(new Error('cancelled')); return;
      case 'pickFile': {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Transcribe', filters: { Audio: ['wav', 'mp3', 'ogg', 'flac', 'm4a', 'webm', 'mp4', 'mpeg', 'mpga'] } });
        if (picked?.[0]) this.post({ type: 'file', path: picked[0].fsPath });
        return;
      }
      case 'schema': {
        const client = this.s.store.client(m.endpointId);
        try {
          const fields = (await client?.taskSchema(m.task, m.modelId)) ?? [];
          this.post({ type: 'schema', task: m.task, endpointId: m.endpointId, modelId: m.modelId, fields });
        } catch (e) {
          this.post({ type: 'schema', task: m.task, endpointId: m.endpointId, modelId: m.modelId, fields: [], error: displayText(e instanceof Error ? e.message : String(e), 600) });
        }
        return;
      }
      case 'copy': await vscode.env.clipboard.writeText(m.text); this.post({ type: 'notice', message: 'Copied to the clipboard.' }); return;
      case 'insert': return this.insert(m.text);
      case 'save': return this.save(m.runId);
      case 'fix': {
        const f = this.fixes[m.id];
        if (f) await vscode.commands.executeCommand(f.command, ...f.args);
        return;
      }
    }
  }

  private async run(m: Extract<PageMessage, { type: 'run' }>): Promise<void> {
    const st = this.s.store.get(m.endpointId);
    const client = this.s.store.client(m.endpointId);
    if (!st || !client) { this.post({ type: 'error', runId: m.runId, message: `Endpoint "${m.endpointId}" is not configured any more.`, fixes: [] }); return; }
    const controller = new AbortController();
    this.runs.set(m.runId, controller);
    let lastPercent = -1;
    try {
      const req = toRequest(m.task, m.modelId, m.inputs);
      this.s.log.info(`task panel: ${m.task} with ${m.endpointId}/${m.modelId}`);
      const result = await client.runTask(m.task, req, controller.signal, {
        onUploadProgress: (sent, total) => {
          const percent = total > 0 ? Math.floor((sent / total) * 100) : -1;
          if (percent === lastPercent && sent < total) return;
          lastPercent = percent;
          this.post({ type: 'progress', runId: m.runId, sent, total });
        },
        onRetryWait: (w) => this.post({ type: 'retryWait', runId: m.runId, waitMs: w.waitMs, nextAttempt: w.nextAttempt, maxAttempts: w.maxAttempts, reason: retryWaitReason(w) }),
      });
      const shown = toPanelResult(m.task, req, result);
      if (m.task === 'speech' || m.task === 'image') this.media = { runId: m.runId, task: m.task, result: result as MediaResult };
      const entry: HistoryEntry = { task: m.task, endpointId: m.endpointId, modelId: m.modelId, inputs: m.inputs, summary: summarize(shown, m.inputs), result: keptResult(shown), at: Date.now() };
      const history = addToHistory(this.history(), entry);
      await this.state.update(HISTORY_KEY, history);
      this.post({ type: 'result', runId: m.runId, result: shown, history });
    } catch (e) {
      if (controller.signal.aborted) { this.post({ type: 'cancelled', runId: m.runId }); return; }
      if (e instanceof InputError) { this.fixes = []; this.post({ type: 'error', runId: m.runId, message: e.message, fixes: [] }); return; }
      const message = displayText(e instanceof Error ? e.message : String(e), 1000);
      this.s.log.warn(`task panel: ${m.task} with ${m.endpointId}/${m.modelId} failed: ${isMaasError(e) ? `[${e.kind}${e.status ? ` ${e.status}` : ''}] ` : ''}${message}`);
      this.fixes = isMaasError(e) ? fixesFor(e.kind, st.endpoint) : [];
      this.post({ type: 'error', runId: m.runId, message, fixes: this.fixes.map((f, id) => ({ id, title: f.title })) });
    } finally {
      this.runs.delete(m.runId);
    }
  }

  /**
   * Into the editor the user was in before the panel: as typed at its cursor (replacing a selection). An
   * editor hidden behind the panel is shown beside it first, with its cursor where it was.
   */
  private async insert(text: string): Promise<void> {
    let editor = this.lastEditor && !this.lastEditor.document.isClosed ? this.lastEditor : vscode.window.visibleTextEditors[0];
    if (!editor) { this.post({ type: 'notice', message: 'Open an editor to insert the text into.' }); return; }
    if (!vscode.window.visibleTextEditors.includes(editor)) {
      const selections = editor.selections;
      editor = await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
      editor.selections = selections;
    }
    const target = editor;
    const ok = await target.edit((b) => { for (const sel of target.selections) b.replace(sel, text); });
    this.post({ type: 'notice', message: ok ? `Inserted into ${vscode.workspace.asRelativePath(target.document.uri)}.` : 'The editor did not accept the text.' });
  }

  private async save(runId: number): Promise<void> {
    const media = this.media;
    if (!media || media.runId !== runId) { this.post({ type: 'notice', message: 'That result is no longer held; run the task again to save it.' }); return; }
    const ext = EXTENSIONS[media.result.mimeType] ?? (media.task === 'speech' ? 'wav' : 'png');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${media.task}.${ext}`;
    const target = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}), filters: { [media.task === 'speech' ? 'Audio' : 'Image']: [ext] } });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, media.result.bytes);
    this.post({ type: 'notice', message: `Saved ${vscode.workspace.asRelativePath(target)}.` });
  }

  dispose(): void {
    if (TaskPanel.current === this) TaskPanel.current = undefined;
    for (const c of this.runs.values()) c.abort(new Error('the panel was closed'));
    this.runs.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
