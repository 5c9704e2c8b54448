/** Requests the faces make, independent of any platform's wire format. */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCall { id: string; name: string; arguments: string }
export interface ToolDefinition { name: string; description?: string; parameters?: object }

/** An image sent with a message (OpenAI `image_url` data URL, Anthropic base64 `image` block). */
export interface ChatImage { mimeType: string; data: Uint8Array }

export interface ChatMessage {
  role: Role;
  content: string;
  /** user turns: images attached to the text (only for models whose `imageInput` is true) */
  images?: ChatImage[];
  /** assistant turns that called tools */
  toolCalls?: ToolCall[];
  /** tool turns: which call this answers */
  toolCallId?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  tools?: ToolDefinition[];
  /** `required`: the model must call one of `tools` (OpenAI `tool_choice: "required"`, Anthropic `{type:"any"}`); default: it may. */
  toolChoice?: 'auto' | 'required';
}

export interface CompletionRequest {
  model: string;
  prompt: string;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
}
