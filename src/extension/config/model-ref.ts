/** `maas.defaultChatModel` and the LM provider's model ids: `<endpointId>/<modelId>`. Pure. */

/** Split at the first `/` (model ids may themselves contain `/`, e.g. `meta-llama/Llama-3.1-8B`). */
export function splitModelRef(ref: string): { endpointId: string; modelId: string } | undefined {
  const i = ref.indexOf('/');
  if (i <= 0 || i === ref.length - 1) return undefined;
  return { endpointId: ref.slice(0, i), modelId: ref.slice(i + 1) };
}

export function modelRef(endpointId: string, modelId: string): string {
  return `${endpointId}/${modelId}`;
}
