/**
 * Core's `createEndpointClient`, with the client implementation (platforms, HTTP stack, response
 * schemas and zod) evaluated on the first client rather than at activation. The bundle keeps the
 * code inside and evaluates it on this first `require`; the first client is made right after
 * activation, when the endpoints are read.
 */
import type * as Factory from '../../core/endpoint-client-factory';

let factory: typeof Factory | undefined;

export const createEndpointClient: typeof Factory.createEndpointClient = (endpoint, deps) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  factory ??= require('../../core/endpoint-client-factory') as typeof Factory;
  return factory.createEndpointClient(endpoint, deps);
};
