/**
 * A private certificate authority made at test time with openssl (nothing is committed): the CA
 * certificate (what `tls.caFile` points at) and a server certificate it signed for loopback and the
 * test host names, with an expired one and one for another name beside it. Test-only keys in a temporary directory, removed by `remove()`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCa {
  dir: string;
  /** The CA certificate (PEM file): what `tls.caFile` names. */
  caFile: string;
  caPem: string;
  /** The server's certificate and key (PEM), signed by the CA. */
  cert: string;
  key: string;
  /** The same key, in a certificate that expired in 2020 (made with `openssl ca`: `x509 -days` takes no negative days). */
  expiredCert: string;
  /** The same key, in a certificate for another name only (`other.maas.test`). */
  wrongHostCert: string;
  remove(): void;
}

/** The names the server certificate holds: loopback, and the host name only the test proxy resolves. */
export const TEST_HOST = 'gateway.maas.test';
const NAMES = ['DNS:localhost', `DNS:${TEST_HOST}`, 'IP:127.0.0.1'];

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeTestCa(): TestCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-test-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=MaaS Connect test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=MaaS Connect test gateway']);
  fs.writeFileSync(path.join(dir, 'server.ext'), `subjectAltName=${NAMES.join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'server.pem', '-extfile', 'server.ext']);
  fs.writeFileSync(path.join(dir, 'other.ext'), 'subjectAltName=DNS:other.maas.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'other.pem', '-extfile', 'other.ext']);
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.writeFileSync(path.join(dir, 'ca.cnf'), [
    '[ca]', 'default_ca = test_ca', '[test_ca]', 'database = index.txt', 'new_certs_dir = .', 'serial = serial', 'default_md = sha256',
    'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied', '',
  ].join('\n'));
  openssl(dir, ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'server.csr', '-out', 'expired.pem',
    '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extfile', 'server.ext']);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return {
    dir, caFile: path.join(dir, 'ca.pem'), caPem: read('ca.pem'), cert: read('server.pem'), key: read('server.key'),
    expiredCert: read('expired.pem'), wrongHostCert: read('other.pem'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
