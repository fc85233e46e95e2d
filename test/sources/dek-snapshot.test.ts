// A registry's DEK registry goes into a snapshot and comes back as it was (KMS properties only as their digest).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromSnapshot, readSnapshot, snapshotLines } from '../../src/sources/files/native.js';
import { writeLines } from '../../src/lib/files.js';
import { propsDigest } from '../../src/sources/rest/dek-registry.js';
import { compareRegistries } from '../../src/workflows/compare.js';
import { registry } from '../checks/table.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-dek-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the DEK registry in a snapshot', () => {
  it('is written and read back whole, compares equal with its origin, and keeps no KMS property', async () => {
    const digest = propsDigest({ secret: 's3cr3t', region: 'eu' });
    const doc = registry(
      { 'orders-value': [{}] },
      {
        dekRegistry: {
          keks: [
            {
              name: 'k',
              kmsType: 'aws-kms',
              kmsKeyId: 'arn:k',
              kmsPropsDigest: digest,
              doc: 'd',
              shared: true,
              deleted: false,
            },
          ],
          deks: [
            { kek: 'k', subject: 'orders-value', version: 1, algorithm: 'AES256_GCM', material: 'QUFB', deleted: true },
          ],
        },
      },
    );
    const origin = fromSnapshot(doc, 'origin.json');
    const file = join(dir, 'snap.json');
    await writeLines(file, snapshotLines(origin, 'test'));
    expect(readFileSync(file, 'utf8')).not.toContain('s3cr3t');
    const back = await readSnapshot(file);
    expect(back.dekRegistry).toEqual(origin.dekRegistry);
    const run = await compareRegistries(origin, back, { idsPreserved: true, deleted: 'compare' });
    expect(run.outcomes.flatMap((o) => o.findings)).toEqual([]);
    expect(propsDigest({ region: 'eu', secret: 's3cr3t' })).toBe(digest); // the order of the properties is no matter
  });
});
