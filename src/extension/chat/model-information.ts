/** How a gateway chat model appears in VS Code's model picker (LanguageModelChatInformation). */
import type * as vscode from 'vscode';
import type { ChatModelChoice } from './chat-models';

/** Used when discovery does not say: small enough for any server we support to accept. */
export const FALLBACK_CONTEXT_TOKENS = 8192;
export const FALLBACK_OUTPUT_TOKENS = 4096;

export interface MaasModelInformation extends vscode.LanguageModelChatInformation {
  readonly endpointId: string;
  readonly modelId: string;
}

export function modelInformation(c: ChatModelChoice): MaasModelInformation {
  const context = c.model.contextLength ?? FALLBACK_CONTEXT_TOKENS;
  const output = Math.min(c.model.maxOutputTokens ?? FALLBACK_OUTPUT_TOKENS, context);
  return {
    id: c.ref,
    endpointId: c.endpoint.id,
    modelId: c.model.id,
    name: c.model.label,
    family: c.model.id,
    version: c.endpoint.id,
    detail: c.endpoint.label,
    tooltip: `${c.endpoint.label} (${c.endpoint.id}) · ${c.endpoint.baseUrl}`,
    maxInputTokens: Math.max(1, context - output),
    maxOutputTokens: output,
    capabilities: { toolCalling: c.model.toolCalling !== false, imageInput: c.model.imageInput === true },
  };
}

/**
 * Offered only while no endpoint offers a chat model: without any model, VS Code's chat (with no other
 * vendor's models installed) never runs `@maas`, so a user who has not set up an endpoint yet would get
 * no answer at all. Its id has no `/`, so it never collides with `<endpointId>/<modelId>`.
 */
export const SETUP_MODEL_ID = 'maas-setup';

export function setupModelInformation(): MaasModelInformation {
  return {
    id: SETUP_MODEL_ID, endpointId: '', modelId: '',
    name: 'MaaS Connect: no models yet',
    family: SETUP_MODEL_ID, version: '0',
    detail: 'add an endpoint',
    tooltip: 'None of your MaaS endpoints offers a chat model yet. Run "MaaS: Add Endpoint…" (or set the key of an endpoint you added); its models then replace this entry.',
    maxInputTokens: FALLBACK_CONTEXT_TOKENS, maxOutputTokens: FALLBACK_OUTPUT_TOKENS,
    capabilities: { toolCalling: false, imageInput: false },
  };
}

/** What the setup entry answers (to another extension or the chat's model picker; `@maas` answers itself). */
export const SETUP_MODEL_ANSWER = 'No MaaS chat model is available yet. Run "MaaS: Add Endpoint…" from the Command Palette to add your gateway (OpenShift AI MaaS, GPUStack, Rafay, OICM, Intel Tiber AI Cloud or any OpenAI-compatible server) and store its key; its chat models then appear in the model picker in place of this entry.';
