/**
 * Rafay serverless inference: an OpenAI-compatible base `https://<host>/v2/<ENDPOINT_ID>/openai/v1`
 * (RunPod-style vLLM worker), Bearer API key; `model` is the deployed model name. Same wire as `openai`.
 */
import type { PlatformAdapter } from './adapter';
import { openaiAdapter } from './openai';

export const rafayAdapter: PlatformAdapter = openaiAdapter;
