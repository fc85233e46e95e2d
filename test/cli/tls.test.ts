import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeRegistry, type FakeRegistry } from '../helpers/fake-registry.js';
import { runCli, ROOT } from '../helpers/cli.js';

const TLS = join(ROOT, 'test', 'fixtures', 'tls');
let fake: FakeRegistry;
beforeAll(async () => {
  fake = await fakeRegistry({}, { cert: readFileSync(join(TLS, 'cert.pem')), key: readFileSync(join(TLS, 'key.pem')) });
});
afterAll(() => fake.close());

describe('TLS', () => {
  it('refuses a certificate it cannot verify, with exit 3', async () => {
    const r = await runCli(['snapshot', fake.url, '-o', join(ROOT, 'reports', 'tls.json'), '--retries', '0']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(
        `^sr-parity: cannot read GET ${fake.url}/(config|mode|contexts): ` +
          'TLS error: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\\n$',
      ),
    );
  });

  it('trusts the server with --ca-file, or with --insecure', async () => {
    for (const flag of [['--ca-file', join(TLS, 'cert.pem')], ['--insecure']]) {
      const r = await runCli(['compare', fake.url, fake.url, '--format', 'json', ...flag]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('says an https:// URL reached a port that speaks plain HTTP (found by an operator: a bare SSL code)', async () => {
    const plain = await fakeRegistry({});
    try {
      const r = await runCli(['snapshot', plain.url.replace('http:', 'https:'), '-o', 'x.json', '--retries', '0']);
      expect(r.code).toBe(3);
      expect(r.stderr.split(': TLS error: ')[1]).toBe(
        'the server speaks plain HTTP at this port (use http://, or the port that speaks TLS) ' +
          '[ERR_SSL_WRONG_VERSION_NUMBER]\n',
      );
    } finally {
      await plain.close();
    }
  });
});
