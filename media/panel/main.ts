/**
 * The task panel's page: pick a task, an endpoint and a model, fill the task's form, run it (the host does
 * the request), see the result, restore earlier runs from the history. Talks to the host by typed
 * messages only; keeps its choices and forms in the webview state so a reload loses nothing.
 */
import type { SchemaField } from '../../src/core/tasks/types';
import type { ErrorFixButton, HistoryEntry, HostMessage, ModelChoice, PanelResult, PanelTask, Selection, TaskInputs } from '../../src/extension/panel/protocol';
import { button, field, h, icon } from './dom';
import { buildForm, type TaskForm } from './forms';
import { formatBytes, renderResult } from './results';
import { modelKey, TASK_ICONS, TASK_LABELS, type PageState } from './page-state';
import { onHostMessage, savedState, saveState, send } from './vscode-api';

const TASKS = Object.keys(TASK_LABELS) as PanelTask[];

let models: ModelChoice[] = [];
let history: HistoryEntry[] = [];
const st: PageState = savedState() ?? { task: 'rerank', models: {}, inputs: {} };
const schemas = new Map<string, { fields: SchemaField[]; error?: string }>();
let running: { runId: number; task: PanelTask } | undefined;
let nextRunId = Date.now() % 1_000_000;
let form: TaskForm | undefined;
/** The bytes the running upload has sent of its total (transcription). */
let uploaded: { sent: number; total: number } | undefined;
/** The model each run went to, named in its result's heading. */
const runModels = new Map<number, string>();

const app = document.getElementById('app')!;
const taskSelect = h('select', { id: 'task' });
const endpointSelect = h('select', { id: 'endpoint' });
const modelSelect = h('select', { id: 'model' });
const formHost = h('div', { id: 'form-fields' });
const runButton = h('button', { type: 'submit', id: 'run', title: 'Run (Ctrl+Enter)' }, icon('play'), 'Run');
const cancelButton = button('Cancel', () => cancel(), { id: 'cancel', className: 'secondary', disabled: true, title: 'Cancel (Escape)' }, 'stop-circle');
const status = h('span', { id: 'status', className: 'status', 'aria-live': 'polite' });
const progress = h('progress', { id: 'progress', max: 100, hidden: true });
const taskForm = h('form', { id: 'task-form', 'aria-label': 'Task inputs' }, formHost,
  h('div', { className: 'actions' }, runButton, cancelButton, progress, status));
const errorBox = h('div', { id: 'error', role: 'alert', hidden: true });
const resultBox = h('section', { id: 'result', 'aria-label': 'Result', hidden: true });
const historyBox = h('section', { id: 'history', 'aria-label': 'History' });

app.replaceChildren(
  h('header', { className: 'top' }, h('h1', {}, icon('beaker'), ' MaaS Tasks')),
  h('div', { className: 'pickers' }, field('Task', taskSelect), field('Endpoint', endpointSelect), field('Model', modelSelect)),
  taskForm, errorBox, resultBox, historyBox,
);

const persist = (): void => saveState(st);
const modelsFor = (task: PanelTask): ModelChoice[] => models.filter((m) => m.tasks.includes(task));

function currentModel(): ModelChoice | undefined {
  const key = st.models[st.task];
  const list = modelsFor(st.task);
  return list.find((m) => modelKey(m.endpointId, m.modelId) === key) ?? list[0];
}

function keepInputs(): void {
  if (form) st.inputs[st.task] = form.read();
}

function fillPickers(): void {
  taskSelect.replaceChildren(...TASKS.map((t) => h('option', { value: t }, `${TASK_LABELS[t]}${modelsFor(t).length ? '' : ' (no model)'}`)));
  taskSelect.value = st.task;
  const list = modelsFor(st.task);
  const current = currentModel();
  const endpoints = [...new Map(list.map((m) => [m.endpointId, m.endpointLabel])).entries()];
  endpointSelect.replaceChildren(...endpoints.map(([id, label]) => h('option', { value: id }, label)));
  endpointSelect.disabled = !endpoints.length;
  if (current) endpointSelect.value = current.endpointId;
  const ofEndpoint = list.filter((m) => m.endpointId === current?.endpointId);
  modelSelect.replaceChildren(...ofEndpoint.map((m) => h('option', { value: m.modelId }, m.label === m.modelId ? m.modelId : `${m.label} (${m.modelId})`)));
  modelSelect.disabled = !ofEndpoint.length;
  if (current) modelSelect.value = current.modelId;
  // a long model name is cut in the closed picker: its tooltip holds all of it
  modelSelect.title = modelSelect.selectedOptions[0]?.textContent ?? '';
}

function predictionMeta(m: ModelChoice | undefined): unknown {
  if (!m) return undefined;
  const e = history.find((x) => x.task === 'prediction' && x.endpointId === m.endpointId && x.modelId === m.modelId && x.result?.task === 'prediction');
  return e?.result?.task === 'prediction' ? e.result.meta : undefined;
}

function drawForm(focus = false): void {
  const m = currentModel();
  const schema = m && st.task === 'speech' ? schemas.get(`${modelKey(m.endpointId, m.modelId)}`) : undefined;
  if (m && st.task === 'speech' && !schema && !m.voices?.length) send({ type: 'schema', task: 'speech', endpointId: m.endpointId, modelId: m.modelId });
  form = buildForm({
    task: st.task, model: m, inputs: st.inputs[st.task] ?? {}, schema: schema?.fields, schemaError: schema?.error,
    predictionMeta: predictionMeta(m), pickFile: () => send({ type: 'pickFile' }),
  });
  if (!m) {
    formHost.replaceChildren(h('p', { className: 'empty' }, icon('info'),
      ` No endpoint offers a ${TASK_LABELS[st.task].toLowerCase()} model. Models appear here once an endpoint's discovery lists one (see the Endpoints view), or add one to an endpoint's "models" with its task.`));
    runButton.disabled = true;
  } else {
    formHost.replaceChildren(form.element);
    runButton.disabled = !!running;
  }
  if (focus) form.focus();
}

function drawHistory(): void {
  const mine = history.filter((e) => e.task === st.task);
  if (!mine.length) { historyBox.replaceChildren(); return; }
  historyBox.replaceChildren(h('h2', {}, icon('history'), ` History (${TASK_LABELS[st.task]})`),
    h('ul', { className: 'history' }, ...mine.map((e, k) => h('li', {}, button(`${e.summary}`, () => restore(e), { className: 'link', id: `history-${k}`, title: `Restore these inputs: ${e.endpointId} / ${e.modelId}, ${new Date(e.at).toLocaleString()}` }),
      h('span', { className: 'muted' }, ` ${e.modelId} · ${new Date(e.at).toLocaleTimeString()}`)))));
}

function drawAll(focus = false): void {
  fillPickers();
  drawForm(focus);
  drawHistory();
}

function showResult(runId: number, result: PanelResult, from?: string): void {
  resultBox.hidden = false;
  resultBox.replaceChildren(h('h2', {}, icon(TASK_ICONS[result.task]), ' Result', from ? h('span', { className: 'from' }, from) : null), renderResult(result, {
    copy: (text) => send({ type: 'copy', text }),
    insert: (text) => send({ type: 'insert', text }),
    save: () => send({ type: 'save', runId }),
  }));
}

function showError(message: string, fixes: ErrorFixButton[]): void {
  errorBox.hidden = false;
  errorBox.replaceChildren(h('div', { className: 'error-text' }, icon('error'), h('span', { id: 'error-message' }, message)),
    ...(fixes.length ? [h('div', { className: 'row' }, ...fixes.map((f) => button(f.title, () => send({ type: 'fix', id: f.id }), { className: 'secondary' })))] : []));
}

function clearResult(): void {
  resultBox.hidden = true;
  resultBox.replaceChildren();
}

function clearError(): void {
  errorBox.hidden = true;
  errorBox.replaceChildren();
}

let countdown: ReturnType<typeof setInterval> | undefined;

/** "The gateway is busy (429): trying again in 12 s (attempt 2 of 3)", ticking each second; Cancel stops it. */
function startRetryCountdown(runId: number, waitMs: number, nextAttempt: number, maxAttempts: number, why: string): void {
  clearInterval(countdown);
  const until = Date.now() + waitMs;
  const tick = (): void => {
    const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    if (running?.runId !== runId || left === 0) { clearInterval(countdown); countdown = undefined; if (running?.runId === runId) status.textContent = `Trying again (attempt ${nextAttempt} of ${maxAttempts})…`; return; }
    status.textContent = `${why}: trying again in ${left} s (attempt ${nextAttempt} of ${maxAttempts}). Cancel stops.`;
  };
  tick();
  countdown = setInterval(tick, 1000);
}

function setRunning(r: typeof running, words = ''): void {
  clearInterval(countdown);
  countdown = undefined;
  running = r;
  runButton.disabled = !!r || !currentModel();
  cancelButton.disabled = !r;
  progress.hidden = !r;
  if (r) progress.removeAttribute('value');
  status.textContent = words;
}

function run(): void {
  if (running) return;
  const m = currentModel();
  if (!m) return;
  keepInputs();
  persist();
  clearError();
  clearResult();
  const runId = ++nextRunId;
  runModels.set(runId, m.label === m.modelId ? m.modelId : m.label);
  uploaded = undefined;
  setRunning({ runId, task: st.task }, 'Running…');
  send({ type: 'run', runId, task: st.task, endpointId: m.endpointId, modelId: m.modelId, inputs: st.inputs[st.task] ?? {} });
}

function cancel(): void {
  if (running) send({ type: 'cancel', runId: running.runId });
}

function restore(e: HistoryEntry): void {
  st.task = e.task;
  st.models[e.task] = modelKey(e.endpointId, e.modelId);
  st.inputs[e.task] = { ...e.inputs };
  persist();
  drawAll(true);
  clearError();
  if (e.result) showResult(-1, e.result, `${e.modelId} · ${new Date(e.at).toLocaleTimeString()}`);
  else clearResult();
}

function select(sel: Selection, inputs?: TaskInputs): void {
  keepInputs();
  if (sel.task !== st.task || inputs) { clearResult(); clearError(); }
  st.task = sel.task;
  if (sel.endpointId && sel.modelId) st.models[sel.task] = modelKey(sel.endpointId, sel.modelId);
  if (inputs) st.inputs[sel.task] = { ...st.inputs[sel.task], ...inputs };
  persist();
  drawAll(true);
}

taskSelect.addEventListener('change', () => {
  keepInputs();
  st.task = taskSelect.value as PanelTask;
  persist();
  clearResult();
  clearError();
  drawAll();
});
endpointSelect.addEventListener('change', () => {
  keepInputs();
  const first = modelsFor(st.task).find((m) => m.endpointId === endpointSelect.value);
  if (first) st.models[st.task] = modelKey(first.endpointId, first.modelId);
  persist();
  drawAll();
});
modelSelect.addEventListener('change', () => {
  keepInputs();
  st.models[st.task] = modelKey(endpointSelect.value, modelSelect.value);
  persist();
  drawAll();
});
taskForm.addEventListener('submit', (ev) => { ev.preventDefault(); run(); });
taskForm.addEventListener('input', () => { keepInputs(); persist(); });
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  else if (ev.key === 'Escape' && running) { ev.preventDefault(); cancel(); }
});

onHostMessage((m: HostMessage) => {
  switch (m.type) {
    case 'init':
      models = m.models; history = m.history;
      if (m.selection) select(m.selection, m.inputs); else drawAll(true);
      return;
    case 'models': {
      // rediscovery may come while the user types: the form is redrawn with its values, focus and cursor kept
      keepInputs();
      const active = document.activeElement;
      const id = active instanceof HTMLElement ? active.id : '';
      const caret = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? [active.selectionStart, active.selectionEnd] : undefined;
      models = m.models;
      drawAll();
      const again = id ? document.getElementById(id) : null;
      again?.focus();
      if (caret && (again instanceof HTMLInputElement || again instanceof HTMLTextAreaElement)) again.setSelectionRange(caret[0], caret[1]);
      return;
    }
    case 'prefill': select(m.selection, m.inputs); return;
    case 'schema':
      schemas.set(modelKey(m.endpointId, m.modelId), { fields: m.fields, ...(m.error ? { error: m.error } : {}) });
      if (st.task === m.task) { keepInputs(); drawForm(); }
      return;
    case 'file':
      keepInputs();
      st.inputs.transcription = { ...st.inputs.transcription, file: m.path };
      persist();
      if (st.task === 'transcription') { drawForm(); runButton.focus(); }
      return;
    case 'progress': {
      if (running?.runId !== m.runId) return;
      const pct = m.total > 0 ? Math.min(100, Math.round((m.sent / m.total) * 100)) : 0;
      progress.value = pct;
      uploaded = { sent: m.sent, total: m.total };
      status.textContent = m.sent >= m.total ? 'Uploaded; waiting for the transcript…' : `Uploading… ${pct}%`;
      return;
    }
    case 'retryWait': {
      if (running?.runId !== m.runId) return;
      startRetryCountdown(m.runId, m.waitMs, m.nextAttempt, m.maxAttempts, m.reason);
      return;
    }
    case 'result':
      if (running?.runId === m.runId) setRunning(undefined, uploaded ? `Uploaded ${formatBytes(uploaded.total)}.` : '');
      history = m.history;
      showResult(m.runId, m.result, runModels.get(m.runId));
      drawHistory();
      if (m.result.task === 'prediction') { keepInputs(); drawForm(); }
      return;
    case 'error':
      if (running?.runId === m.runId) setRunning(undefined, '');
      showError(m.message, m.fixes);
      return;
    case 'cancelled':
      if (running?.runId === m.runId) setRunning(undefined, 'Cancelled.');
      return;
    case 'notice':
      status.textContent = m.message;
      return;
  }
});

drawAll();
send({ type: 'ready' });
