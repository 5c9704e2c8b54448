/**
 * A loopback HTTP proxy that speaks CONNECT only (how clients reach https:// through a proxy), for tests:
 * it logs every tunnel it opens, resolves the test host names itself (so `gateway.maas.test` is reachable
 * through it and nowhere else), and can ask for credentials (407).
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `host:port` of every CONNECT, in arrival order (refused ones included). */
  log: string[];
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Host names this proxy resolves itself, e.g. `{ 'gateway.maas.test': '127.0.0.1' }`. */
  hosts?: Record<string, string>;
  /** When set, a CONNECT without `Proxy-Authorization: <this>` is answered 407. */
  requireAuthorization?: string;
}

export async function startConnectProxy(opts: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const log: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(501, { 'content-type': 'text/plain' }).end('this test proxy speaks CONNECT only');
  });
  server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    log.push(target);
    if (opts.requireAuthorization !== undefined && req.headers['proxy-authorization'] !== opts.requireAuthorization) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const at = target.lastIndexOf(':');
    const host = target.slice(0, at).replace(/^\[|\]$/g, '');
    const port = Number(target.slice(at + 1));
    const upstream = net.connect(port, opts.hosts?.[host.toLowerCase()] ?? host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
