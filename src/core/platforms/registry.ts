/** Platform name → adapter. */
import type { Platform } from '../endpoint/schema';
import type { PlatformAdapter } from './adapter';
import { openaiAdapter } from './openai';
import { rafayAdapter } from './rafay';
import { openshiftAiAdapter } from './openshift-ai';
import { gpustackAdapter } from './gpustack';
import { oicmAdapter } from './oicm';
import { intelTiberAdapter } from './intel-tiber';

export const ADAPTERS: Record<Platform, PlatformAdapter> = {
  openai: openaiAdapter,
  rafay: rafayAdapter,
  'openshift-ai': openshiftAiAdapter,
  gpustack: gpustackAdapter,
  oicm: oicmAdapter,
  'intel-tiber': intelTiberAdapter,
};
