/**
 * The commands that open the task panel: plain (Command Palette, the view's title), from a model in the
 * Endpoints view ("Run Task…", that model and its first task preselected), and prefilled from the editor
 * (rerank the selection's lines or paragraphs, embed the selection) or the explorer (transcribe a file).
 */
import * as vscode from 'vscode';
import { RUNNABLE_TASKS, type RunnableTask } from '../../core/tasks/types';
import type { Services } from '../services';
import { modelChoices, TaskPanel, type Prefill } from './task-panel';
import type { TaskInputs } from './protocol';
import { validInputs } from './validate';

export const AUDIO_EXTENSIONS = ['wav', 'mp3', 'ogg', 'flac', 'm4a', 'webm'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isTask = (v: unknown): v is RunnableTask => typeof v === 'string' && (RUNNABLE_TASKS as readonly string[]).includes(v);

/**
 * What a command argument asks for: a tree model node (`{endpointId, modelId}`) or
 * `{task?, endpointId?, modelId?, inputs?}` (other commands, tests). The task defaults to the model's first.
 */
export function prefillFrom(s: Services, arg: unknown): Prefill | undefined {
  if (!isObj(arg)) return undefined;
  const endpointId = str(arg.endpointId);
  const modelId = str(arg.modelId);
  let task = isTask(arg.task) ? arg.task : undefined;
  if (!task && endpointId && modelId) task = modelChoices(s).find((m) => m.endpointId === endpointId && m.modelId === modelId)?.tasks[0];
  if (!task) return undefined;
  const inputs = arg.inputs === undefined ? undefined : validInputs(arg.inputs);
  return { selection: { task, ...(endpointId ? { endpointId } : {}), ...(modelId ? { modelId } : {}) }, ...(inputs ? { inputs } : {}) };
}

export class TaskPanelCommands implements vscode.Disposable {
  constructor(private readonly s: Services, private readonly extensionUri: vscode.Uri, private readonly state: vscode.Memento) {}

  open(arg?: unknown): void {
    TaskPanel.show(this.s, this.extensionUri, this.state, prefillFrom(this.s, arg));
  }

  private selectedText(): string | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const text = editor.selections.map((sel) => editor.document.getText(sel)).filter((t) => t.length > 0).join('\n');
    return text || undefined;
  }

  /** The selection's lines (or paragraphs) as the documents to rank; the query is left for the user. */
  rerankSelection(): void {
    const text = this.selectedText();
    const inputs: TaskInputs = text ? { documents: text } : {};
    TaskPanel.show(this.s, this.extensionUri, this.state, { selection: { task: 'rerank' }, inputs });
  }

  embedSelection(): void {
    const text = this.selectedText();
    TaskPanel.show(this.s, this.extensionUri, this.state, { selection: { task: 'embedding' }, inputs: text ? { texts: text } : {} });
  }

  transcribe(arg?: unknown): void {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const file = uri?.scheme === 'file' ? uri.fsPath : undefined;
    TaskPanel.show(this.s, this.extensionUri, this.state, { selection: { task: 'transcription' }, inputs: file ? { file } : {} });
  }

  dispose(): void {
    TaskPanel.open?.dispose();
  }
}
