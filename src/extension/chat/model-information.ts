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
