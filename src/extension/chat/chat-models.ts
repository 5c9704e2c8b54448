/**
 * The chat models every face offers (the @maas participant, the model picker, the editor commands): every
 * chat-capable model of every endpoint whose discovery succeeded, endpoints in settings order. Pure.
 */
import type { Endpoint } from '../../core/endpoint/schema';
import type { ModelInfo } from '../../core/models';
import type { EndpointStore } from '../endpoints/endpoint-store';
import { modelRef, splitModelRef } from '../config/model-ref';

export interface ChatModelChoice {
  /** `<endpointId>/<modelId>`: `maas.defaultChatModel`'s value and the LM provider's model id. */
  ref: string;
  endpoint: Endpoint;
  model: ModelInfo;
}

type ModelSource = Pick<EndpointStore, 'list'>;

export function chatModels(store: ModelSource): ChatModelChoice[] {
  return store.list().flatMap((s) => (s.status.state === 'ready'
    ? s.status.models.filter((m) => m.tasks.includes('chat')).map((model) => ({ ref: modelRef(s.endpoint.id, model.id), endpoint: s.endpoint, model }))
    : []));
}

export function findChatModel(store: ModelSource, ref: string | undefined): ChatModelChoice | undefined {
  const parts = ref ? splitModelRef(ref) : undefined;
  if (!parts) return undefined;
  return chatModels(store).find((c) => c.endpoint.id === parts.endpointId && c.model.id === parts.modelId);
}
