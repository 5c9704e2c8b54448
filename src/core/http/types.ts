/**
 * The HTTP layer's own types: what it needs from the faces (a fetch, credentials, a logger) and the
 * small transport interface its two carriers implement (the host's fetch; undici's dispatcher).
 * Nothing here imports the endpoint client, so the HTTP layer sits below it.
 */
import type { CredentialSource } from '../credentials';
import type { Logger } from '../log';
import type { BodyLimits } from '../limits';
import type { StreamBody } from './stream-body';

/** The shape of the global fetch that core calls (the extension passes the host's). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Response headers, looked up case-insensitively; several values of one name are joined with ", ". */
export interface HeadersLike {
  get(name: string): string | null;
}

export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Lower-case names. */
  headers: Record<string, string>;
  /** A stream body is opened afresh on every send and goes out with its content-length. */
  body?: string | Uint8Array | FormData | StreamBody;
  /** Aborts the request, and after the headers the body. */
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: HeadersLike;
  /** The URL that answered. Redirects are never followed by a transport (the client does that). */
  url: string;
  /** The decoded body (gzip/br/deflate undone), one chunk per network read. Iterate once. */
  body: AsyncIterable<Uint8Array>;
  /** Stops reading and releases the connection; safe to call more than once. */
  cancel(): void;
}

/** What carries one endpoint's requests. Redirects are returned, never followed. */
export interface Transport {
  send(req: TransportRequest): Promise<TransportResponse>;
  close(): void;
  /** Where this transport's proxy credentials are set, when not in the environment (VS Code's settings): named by a 407. */
  readonly proxyCredentialsIn?: string;
}

/**
 * The proxy the extension reads from VS Code's `http.proxy`, `http.noProxy` and `http.proxyStrictSSL`
 * (plain data: core never reads VS Code settings). Used only where core owns the agent (an endpoint
 * with `tls` settings); an empty `url` falls back to HTTPS_PROXY/HTTP_PROXY, an empty `noProxy` to NO_PROXY.
 */
export interface ProxySettings {
  /** `http://[user:password@]host:port`; empty: the environment's proxy, if any. */
  url?: string;
  /** Host names (`example.com`, `.example.com`, `*.example.com`, `host:port`) reached directly. */
  noProxy?: readonly string[];
  /** False: the proxy's own certificate (an `https:` proxy) is not checked. Default true. */
  strictSSL?: boolean;
  /** Sent as Proxy-Authorization to the proxy (VS Code's `http.proxyAuthorization`). */
  authorization?: string;
}

/** What the HTTP layer needs from the face that creates an endpoint client. */
export interface HttpDeps {
  credentials: CredentialSource;
  logger?: Logger;
  /**
   * The fetch used for endpoints without `tls` settings. The extension passes the host's global fetch
   * (VS Code patches it for proxy settings and system certificates); when absent, requests go through
   * undici's dispatcher with an agent of core's own, honouring HTTPS_PROXY/NO_PROXY (the CLI).
   */
  fetch?: FetchLike;
  /** The proxy for endpoints with `tls` settings in the extension (see ProxySettings); the CLI passes none. */
  proxy?: ProxySettings;
  /** Called when what a face may show about the endpoint's traffic changed (rate-limit headers seen, token usage counted). */
  onTraffic?: () => void;
  /**
   * Called with a warning about how answers arrive (a whole stream in one network read: a buffering
   * proxy), already phrased for the user with its fix. Each kind at most once per client.
   */
  onStreamWarning?: (message: string) => void;
  /** Replaceable sleep, for tests of retry waits. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Smaller body caps, for tests (default: the documented caps in limits.ts). */
  limits?: Partial<BodyLimits>;
}
