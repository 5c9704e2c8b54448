/**
 * Vendor `maas` in VS Code's language model API: every chat model of every endpoint in the model picker
 * and in `vscode.lm.selectChatModels`, answered through core (the same client the participant uses).
 * No per-request state lives on the provider object.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { chatModels, findChatModel } from './chat-models';
import { modelInformation, type MaasModelInformation } from './model-information';
import { abortOnCancel } from './abort';
import { toCoreMessages } from './lm-messages';
import { estimateTokens } from './token-estimate';

export const LM_VENDOR = 'maas';

export class MaasChatProvider implements vscode.LanguageModelChatProvider<MaasModelInformation>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(private readonly s: Services) {
    this.subscriptions.push(s.store.onDidChange(() => this.changed.fire()));
  }

  provideLanguageModelChatInformation(): MaasModelInformation[] {
    return chatModels(this.s.store).map(modelInformation);
  }

  async provideLanguageModelChatResponse(
    info: MaasModelInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    _options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const choice = findChatModel(this.s.store, info.id);
    const client = this.s.store.client(info.endpointId);
    if (!choice || !client) throw new Error(`MaaS: the model "${info.id}" is no longer offered by its endpoint; refresh the endpoint or pick another model.`);
    const abort = abortOnCancel(token);
    try {
      for await (const batch of client.chatBatches({ model: choice.model.id, messages: toCoreMessages(messages) }, abort.signal)) {
        for (const e of batch) {
          if (e.type === 'text') progress.report(new vscode.LanguageModelTextPart(e.text));
          else if (e.type === 'error') throw new Error(e.message);
        }
      }
    } finally {
      abort.dispose();
    }
  }

  provideTokenCount(_info: MaasModelInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return Promise.resolve(estimateTokens(text));
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
