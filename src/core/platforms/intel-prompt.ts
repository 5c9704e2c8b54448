/**
 * Intel Tiber MaaS takes a raw prompt: chat messages are rendered by model family (docs/endpoints.md,
 * intel-tiber). Never a BOS token — the server adds it.
 */
import type { ChatMessage } from '../chat';

export type PromptFamily = 'llama3' | 'mistral' | 'chatml' | 'plain';

export function familyOf(modelName: string): PromptFamily {
  if (/llama-?3/i.test(modelName)) return 'llama3';
  if (/mistral|mixtral/i.test(modelName)) return 'mistral';
  if (/qwen/i.test(modelName)) return 'chatml';
  return 'plain';
}

function asText(m: ChatMessage): { role: 'system' | 'user' | 'assistant'; content: string } {
  if (m.role === 'tool') return { role: 'user', content: m.content };
  return { role: m.role, content: m.content };
}

export function renderPrompt(modelName: string, messages: ChatMessage[]): string {
  const msgs = messages.map(asText);
  switch (familyOf(modelName)) {
    case 'llama3':
      return msgs.map((m) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content}<|eot_id|>`).join('') +
        '<|start_header_id|>assistant<|end_header_id|>\n\n';
    case 'chatml':
      return msgs.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') + '<|im_start|>assistant\n';
    case 'mistral': {
      const system = msgs.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
      let out = '';
      let pendingSystem = system;
      for (const m of msgs) {
        if (m.role === 'system') continue;
        if (m.role === 'user') {
          const text = pendingSystem ? `${pendingSystem}\n\n${m.content}` : m.content;
          pendingSystem = '';
          out += `[INST] ${text} [/INST]`;
        } else {
          out += `${m.content}</s>`;
        }
      }
      if (pendingSystem) out += `[INST] ${pendingSystem} [/INST]`;
      return out;
    }
    case 'plain': {
      const label = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
      return msgs.map((m) => `${label[m.role]}: ${m.content}`).join('\n\n') + '\n\nAssistant:';
    }
  }
}
