/** The host's fetch, looked up per call: VS Code patches the global for its proxy settings and system certificates. */
import type { FetchLike } from '../core/http/types';

export const hostFetch: FetchLike = (input, init) => fetch(input, init);
