/**
 * The few parts of undici that core uses, imported from their own modules rather than undici's index
 * (which loads fetch, WebSocket, caches, mocks… — about 1 MB bundled). The build puts this file in a
 * bundle of its own (dist/undici.js) that is required only when a request needs it: the extension's
 * activation never loads it, and `maas --help` neither.
 *
 * These paths are undici internals: undici is pinned exactly in package.json, and
 * test/unit/core-undici-paths.unit.test.ts loads every one of them, so an upgrade that moves one fails
 * loudly instead of at a user's first request.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { Agent as AgentClass, Dispatcher, EnvHttpProxyAgent as EnvHttpProxyAgentClass } from 'undici';

/** Every undici module path required here (the pin test loads each one). */
export const UNDICI_MODULE_PATHS = [
  'undici/lib/dispatcher/dispatcher.js',
  'undici/lib/api/api-request.js',
  'undici/lib/api/api-connect.js',
  'undici/lib/dispatcher/agent.js',
  'undici/lib/dispatcher/env-http-proxy-agent.js',
] as const;

type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
const DispatcherBase = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
const apiRequest = require('undici/lib/api/api-request.js') as RequestFn;
const apiConnect = require('undici/lib/api/api-connect.js') as unknown;
// What undici's index does: every dispatcher gets `request`, and `connect`, through which ProxyAgent
// opens its tunnels. (The other API methods — stream, pipeline, upgrade — are not used here.)
Object.assign(DispatcherBase.prototype, { request: apiRequest, connect: apiConnect });

/** A connection pool per origin. */
export const Agent = require('undici/lib/dispatcher/agent.js') as typeof AgentClass;

/** `dispatcher.request(options)`. */
export function request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, options);
}

/** HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment; loaded only when one of them is set. */
export function envHttpProxyAgent(options: ConstructorParameters<typeof EnvHttpProxyAgentClass>[0]): EnvHttpProxyAgentClass {
  const Ctor = require('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof EnvHttpProxyAgentClass;
  return new Ctor(options);
}
