/**
 * Vendor `maas` in VS Code's language model API: every chat model of every endpoint in the model picker
 * and in `vscode.lm.selectChatModels`, answered through core (the same client the participant uses).
 * Text, reasoning, tool calls and usage stream back; tools, tool results and images go out.
 * No per-request state lives on the provider object.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { chatModels, findChatModel } from './chat-models';
import { SETUP_MODEL_ANSWER, SETUP_MODEL_ID, modelInformation, setupModelInformation, type MaasModelInformation } from './model-information';
import { abortOnCancel } from './abort';
import { toCoreMessages } from './lm-messages';
import { requestOptions } from './lm-request-options';
import { LmResponse, type OutputPart } from './lm-response';
import { estimateTokens } from './token-estimate';

export const LM_VENDOR = 'maas';

/** MIME type of the usage report the chat view reads from a provider's data part. */
export const USAGE_MIME = 'usage';

type ThinkingPartClass = new (value: string) => object;
let thinkingClass: ThinkingPartClass | null | undefined;

/** `LanguageModelThinkingPart` when the host has it (not in the stable typings), else null. Looked up once. */
function thinkingPart(): ThinkingPartClass | null {
  if (thinkingClass === undefined) {
    const c = (vscode as unknown as Record<string, unknown>).LanguageModelThinkingPart;
    thinkingClass = typeof c === 'function' ? (c as ThinkingPartClass) : null;
  }
  return thinkingClass;
}

/** A part for the host, or undefined when it has no way to show it (reasoning without the thinking part). */
function responsePart(p: OutputPart): vscode.LanguageModelResponsePart | undefined {
  switch (p.kind) {
    case 'text': return new vscode.LanguageModelTextPart(p.text);
    case 'toolCall': return new vscode.LanguageModelToolCallPart(p.callId, p.name, p.input);
    case 'usage': return vscode.LanguageModelDataPart.json(p.usage, USAGE_MIME);
    case 'thinking': {
      const Thinking = thinkingPart();
      return Thinking ? (new Thinking(p.text) as vscode.LanguageModelResponsePart) : undefined;
    }
  }
}

/** What identifies the models offered, to fire the change event only when it changes. */
function fingerprint(models: readonly MaasModelInformation[]): string {
  return JSON.stringify(models);
}

export class MaasChatProvider implements vscode.LanguageModelChatProvider<MaasModelInformation>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private offered = '';

  constructor(private readonly s: Services) {
    // the store changes when endpoints are edited, discovery finishes, or a credential change rediscovers
    this.subscriptions.push(s.store.onDidChange(() => {
      const now = fingerprint(this.models());
      if (now !== this.offered) { this.offered = now; this.changed.fire(); }
    }));
  }

  /** Every chat model, or the one setup entry while there is none (see setupModelInformation). */
  private models(): MaasModelInformation[] {
    const models = chatModels(this.s.store).map(modelInformation);
    return models.length ? models : [setupModelInformation()];
  }

  provideLanguageModelChatInformation(): MaasModelInformation[] {
    const models = this.models();
    this.offered = fingerprint(models);
    return models;
  }

  async provideLanguageModelChatResponse(
    info: MaasModelInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    if (info.id === SETUP_MODEL_ID) { progress.report(new vscode.LanguageModelTextPart(SETUP_MODEL_ANSWER)); return; }
    const choice = findChatModel(this.s.store, info.id);
    const client = this.s.store.client(info.endpointId);
    if (!choice || !client) throw new Error(`MaaS: the model "${info.id}" is no longer offered by its endpoint; refresh the endpoint or pick another model.`);
    const toolCalling = choice.model.toolCalling !== false;
    if (!toolCalling && options.tools?.length) this.s.log.debug(`lm ${info.id}: this platform cannot send tools; ${options.tools.length} left out`);
    const request = {
      model: choice.model.id,
      messages: toCoreMessages(messages),
      ...requestOptions({ tools: options.tools, toolRequired: options.toolMode === vscode.LanguageModelChatToolMode.Required, modelOptions: options.modelOptions, toolCalling }),
    };
    const response = new LmResponse((p) => {
      const part = responsePart(p);
      if (part) progress.report(part);
    });
    const abort = abortOnCancel(token);
    try {
      for await (const batch of client.chatBatches(request, abort.signal)) response.push(batch);
    } finally {
      abort.dispose();
      this.s.log.debug(`lm ${info.id}: ${response.finishReason ? `ended (${response.finishReason})` : 'failed'} after ${response.textLength} characters`);
    }
  }

  provideTokenCount(_info: MaasModelInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return Promise.resolve(estimateTokens(text));
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
