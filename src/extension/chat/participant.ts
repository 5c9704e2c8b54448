/**
 * `@maas`: the chat participant. It answers through core with the endpoint's own client (not through
 * `request.model`, which an organisation's policy or an untrusted window may withhold), streams the
 * answer as markdown, keeps reasoning apart, and ends with a footer — or with the error and the buttons
 * that fix it, the partial answer kept. Slash commands: /explain, /refactor (the active selection),
 * /model (choose the model), /models (what every endpoint offers).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { ChatMessage } from '../../core/chat';
import type { ErrorEvent } from '../../core/stream/events';
import { markdownText } from '../../core/display-text';
import { Commands } from '../commands/ids';
import { SECTION } from '../config/settings';
import { abortOnCancel } from './abort';
import { chatModels, type ChatModelChoice } from './chat-models';
import { fixesFor } from './error-fixes';
import { LM_VENDOR } from './lm-provider';
import { historyMessages } from './chat-history';
import type { MaasChatMetadata } from './chat-metadata';
import { footerMarkdown } from './answer-footer';
import { streamAnswer } from './answer-stream';
import { decideModel } from './model-choice';
import { pickChatModel } from './model-picker';
import { modelsMarkdown } from './models-markdown';
import { capContext, explainPrompt, promptWithContext, refactorPrompt } from './participant-prompts';
import { resolveReferences } from './references';
import { activeSelection } from './editor-selection';
import { ReasoningDocuments } from './reasoning-view';
import { retryHint, retryWaitText } from '../retry-hint';

export const PARTICIPANT_ID = 'maas-connect.maas';
export const SYSTEM_PROMPT_KEY = 'chat.systemPrompt';

/** Gateway text is markdown and passes through as such; nothing we render is trusted or may hold HTML. */
export function safeMarkdown(text: string, themeIcons = false): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, themeIcons);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

const info = (extra: Partial<MaasChatMetadata> = {}): vscode.ChatResult => ({ metadata: { kind: 'info', ...extra } satisfies MaasChatMetadata });

export function registerParticipant(s: Services, extensionUri: vscode.Uri): vscode.Disposable {
  const reasoning = new ReasoningDocuments();
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) => handle(s, reasoning, request, context, stream, token));
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'maas.svg');
  return vscode.Disposable.from(participant, reasoning);
}

async function handle(s: Services, reasoning: ReasoningDocuments, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  try {
    await modelsReady(s, stream, token);
    if (token.isCancellationRequested) return info();
    if (request.command === 'models') {
      stream.markdown(safeMarkdown(modelsMarkdown(s.store.list(), s.settings.defaultChatModel())));
      if (!s.store.list().length) addEndpointButton(stream);
      else fixButtons(s, stream);
      return info();
    }
    if (!s.store.list().length) {
      stream.markdown(safeMarkdown('No MaaS endpoint is configured yet. Add your gateway (OpenShift AI MaaS, GPUStack, Rafay, OICM, Intel Tiber AI Cloud or any OpenAI-compatible server), store its key, and ask again.'));
      addEndpointButton(stream);
      return info();
    }
    const choices = chatModels(s.store);
    if (!choices.length) return noChatModel(s, stream);
    if (request.command === 'model') return chooseModel(s, choices, request.prompt, stream, token);
    const firstTurn = !context.history.some((t) => t instanceof vscode.ChatResponseTurn && t.participant === PARTICIPANT_ID);
    const pickerRef = request.model?.vendor === LM_VENDOR ? request.model.id : undefined;
    const decision = decideModel(choices, s.settings.defaultChatModel(), pickerRef, firstTurn);
    if (!decision) return noChatModel(s, stream);
    const user = await userMessage(request, stream);
    if (!user) return info();
    return await answer(s, reasoning, request, context, stream, token, decision.choice, user.text, [...(decision.note ? [decision.note] : []), ...user.notes]);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    s.log.error(`@maas failed: ${message}`);
    return { errorDetails: { message: markdownText(`MaaS: ${message}`) }, metadata: { kind: 'info' } satisfies MaasChatMetadata };
  }
}

/** Waits for discovery that is under way (a fresh window's first request may come before it ends). */
async function modelsReady(s: Services, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<void> {
  if (!s.store.list().length && s.settings.parsedEndpoints().endpoints.length) await s.reload();
  if (!s.store.list().some((e) => e.status.state === 'loading')) return;
  stream.progress('Loading the models of your endpoints…');
  await new Promise<void>((resolve) => {
    const sub = token.onCancellationRequested(() => { sub.dispose(); resolve(); });
    s.store.whenIdle().then(() => { sub.dispose(); resolve(); }, () => { sub.dispose(); resolve(); });
  });
}

function addEndpointButton(stream: vscode.ChatResponseStream): void {
  stream.button({ command: Commands.addEndpoint, title: 'Add Endpoint' });
}

function noChatModel(s: Services, stream: vscode.ChatResponseStream): vscode.ChatResult {
  const states = s.store.list();
  stream.markdown(safeMarkdown(`None of your endpoints offers a chat model right now.\n\n${modelsMarkdown(states, undefined)}`));
  fixButtons(s, stream);
  stream.button({ command: Commands.refreshAll, title: 'Refresh models' });
  return info();
}

/** A button for each endpoint whose discovery needs the user: its missing key, or its error's fixes. */
function fixButtons(s: Services, stream: vscode.ChatResponseStream): void {
  const states = s.store.list();
  for (const st of states) {
    const label = states.length > 1 ? ` (${st.endpoint.label})` : '';
    if (st.status.state === 'missingCredentials') {
      const what = st.endpoint.auth.type === 'oauth2' ? 'Set credentials' : 'Set API key';
      stream.button({ command: Commands.setCredentials, title: `${what}${label}`, arguments: [st.endpoint.id] });
    }
    else if (st.status.state === 'error') {
      for (const f of fixesFor(st.status.kind, st.endpoint)) stream.button({ command: f.command, title: `${f.title}${label}`, arguments: f.args });
    }
  }
}

async function chooseModel(s: Services, choices: ChatModelChoice[], filter: string, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const current = s.settings.defaultChatModel();
  const ref = await pickChatModel(choices, current, filter.trim(), token);
  const chosen = choices.find((c) => c.ref === ref);
  if (!chosen) {
    stream.markdown(safeMarkdown(current ? 'The chat model stays as it was.' : 'No model chosen; @maas uses the first chat model until you choose one.'));
    return info();
  }
  await s.settings.setDefaultChatModel(chosen.ref);
  stream.markdown(safeMarkdown(`@maas now answers with ${markdownText(chosen.model.id, 200)} on ${markdownText(chosen.endpoint.label, 200)} (saved as \`maas.defaultChatModel\`).`));
  return info({ modelRef: chosen.ref });
}

interface UserMessage { text: string; notes: string[] }

/** The message to send: the selection for /explain and /refactor, else the prompt with its attached context. */
async function userMessage(request: vscode.ChatRequest, stream: vscode.ChatResponseStream): Promise<UserMessage | undefined> {
  if (request.command === 'explain' || request.command === 'refactor') {
    const sel = activeSelection();
    if (!sel) {
      stream.markdown(safeMarkdown(`Select the code you mean in an editor first, then ask \`/${request.command}\` again${request.command === 'refactor' ? ' with what to change, e.g. `/refactor use early returns`' : ''}.`));
      return undefined;
    }
    stream.reference(sel.location);
    return { text: request.command === 'explain' ? explainPrompt(sel.context, request.prompt) : refactorPrompt(sel.context, request.prompt), notes: [] };
  }
  const refs = await resolveReferences(request.references);
  for (const r of refs.shown) stream.reference(r);
  const capped = capContext(refs.items);
  const notes = [
    ...capped.truncated.map((n) => `${markdownText(n, 300)} was cut short to fit the request.`),
    ...refs.failed.map((n) => `Could not read ${markdownText(n, 300)}.`),
  ];
  if (!request.prompt.trim() && !capped.items.length) {
    stream.markdown(safeMarkdown('Ask a question, or try `/explain` on a selection, `/model` to choose the model, `/models` to see what your endpoints offer.'));
    return undefined;
  }
  return { text: promptWithContext(request.prompt, capped.items), notes };
}


function errorMessage(e: ErrorEvent, at: number): string {
  const hint = retryHint(e, at);
  return markdownText(hint ? `${e.message}${/[.!?]$/.test(e.message) ? '' : '.'}${hint}` : e.message);
}

async function answer(s: Services, docs: ReasoningDocuments, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken,
  choice: ChatModelChoice, user: string, notes: string[]): Promise<vscode.ChatResult> {
  const client = s.store.client(choice.endpoint.id);
  if (!client) throw new Error(`the endpoint "${choice.endpoint.id}" is not available; refresh it or check its settings.`);
  const system = vscode.workspace.getConfiguration(SECTION).get<string>(SYSTEM_PROMPT_KEY, '').trim();
  const messages: ChatMessage[] = [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    ...historyMessages(context.history, PARTICIPANT_ID),
    { role: 'user', content: user },
  ];
  const abort = abortOnCancel(token);
  const reasoningTitle = `Reasoning of ${choice.model.id.slice(choice.model.id.lastIndexOf('/') + 1)}`;
  let outcome;
  try {
    outcome = await streamAnswer(client.chatBatches({ model: choice.model.id, messages }, abort.signal, { onRetryWait: (w) => stream.progress(retryWaitText(w, Date.now())) }), {
      markdown: (text) => stream.markdown(safeMarkdown(text)),
      progress: (message) => stream.progress(message),
      reasoning: (text, cut) => {
        const full = cut ? `${text}\n\n*(cut short: only the beginning of the reasoning is kept)*` : text;
        // a link to a read-only document above the answer (a button would be folded into the "steps" group)
        stream.anchor(docs.keep(full, reasoningTitle), 'Show reasoning');
        stream.markdown(safeMarkdown('\n\n'));
      },
    }, Date.now, () => token.isCancellationRequested);
  } finally {
    abort.dispose();
  }
  s.log.debug(`@maas: ${choice.ref}: ${token.isCancellationRequested ? 'cancelled' : outcome.error ? `${outcome.error.kind} error` : outcome.finishReason ?? 'ended'} after ${outcome.textChars} characters`);
  const meta: MaasChatMetadata = { kind: 'answer', modelRef: choice.ref, userMessage: user, ...(outcome.usage ? { usage: outcome.usage } : {}) };
  if (token.isCancellationRequested || outcome.finishReason === 'cancelled') return { metadata: meta };
  if (outcome.error) {
    // the reason, then the buttons that fix it (the host would draw errorDetails below the buttons)
    const trailer = `${outcome.fenceClosing}${outcome.textChars ? '\n\n' : ''}$(error) ${errorMessage(outcome.error, Date.now())}\n`;
    stream.markdown(safeMarkdown(trailer, true));
    for (const f of fixesFor(outcome.error.kind, choice.endpoint)) stream.button({ command: f.command, title: f.title, arguments: f.args });
    stream.button({ command: 'workbench.action.chat.open', title: 'Retry', arguments: [{ query: `@maas ${request.command ? `/${request.command} ` : ''}${request.prompt}` }] });
    s.log.warn(`@maas: ${choice.ref} failed (${outcome.error.kind}${outcome.error.status ? ` ${outcome.error.status}` : ''})`);
    return { metadata: { ...meta, trailer, error: { kind: outcome.error.kind, ...(outcome.error.status ? { status: outcome.error.status } : {}) } } };
  }
  if (outcome.finishReason === 'length') notes.push('The answer was cut off at the model\'s token limit.');
  if (outcome.finishReason === 'content_filter') notes.push('The gateway\'s content filter stopped the answer.');
  if (!outcome.textChars) notes.push('The model sent no answer text.');
  const trailer = outcome.fenceClosing + footerMarkdown({
    modelName: choice.model.label,
    endpointLabel: choice.endpoint.label,
    inputTokens: outcome.usage?.inputTokens,
    outputTokens: outcome.usage?.outputTokens,
    firstTokenMs: outcome.firstTokenMs,
    streamMs: outcome.streamMs,
    notes,
  });
  stream.markdown(safeMarkdown(trailer));
  return { metadata: { ...meta, trailer } };
}
