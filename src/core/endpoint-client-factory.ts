/** Creates the endpoint client (kept apart from the interface, so that endpoint-client.ts imports no implementation). */
import type { Endpoint } from './endpoint/schema';
import type { CoreDeps, EndpointClientApi } from './endpoint-client';
import { EndpointClient } from './endpoint-client-impl';

/** Creates the client for one validated endpoint. */
export function createEndpointClient(endpoint: Endpoint, deps: CoreDeps): EndpointClientApi {
  return new EndpointClient(endpoint, deps);
}
