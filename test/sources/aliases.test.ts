// Alias subjects (a config whose `alias` names another subject) are listed by no subject listing; Confluent names
// them on its bulk listing's rows with `?aliases=true` (AbstractSchemaRegistry.getAliases and
// allVersionsIncludingAliasesWithSubjectPrefix at confluentinc/schema-registry 794611bd86d; RestApiCompatibilityTest
// asserts `schema.getAliases()` holding "testAlias"). No Confluent server runs here: the in-memory registry answers
// as that code does. AxonOps (which ignores the parameter) is tried in test/real/data-contracts.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { loadSource } from '../../src/sources/index.js';
import { json } from '../helpers/fake-registry.js';
import { miniRegistry, miniState, type MiniRegistry, type MiniRequest } from '../helpers/mini-registry.js';
import type { ServerResponse } from 'node:http';

let fake: MiniRegistry | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const load = (url: string, filter = {}) => loadSource({ location: url, backoffMs: 5, timeoutMs: 2000 }, filter);

/** A Confluent 8 server whose `orders-alias` and `:.eu:orders-alias` alias subjects of the default context. */
function confluent(aliasListing: boolean) {
  return (req: MiniRequest, _state: unknown, res: ServerResponse): boolean => {
    if (req.path === '/v1/metadata/version') return (json(res, 200, { version: '8.0.0', commitId: 'c' }), true);
    if (req.path === '/schemas' && req.query.get('aliases') === 'true') {
      if (!aliasListing) return (json(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' }), true);
      expect(req.query.get('latestOnly')).toBe('true');
      const offset = Number(req.query.get('offset'));
      const rows = [
        { subject: 'orders-value', version: 2, id: 2, schema: '"string"', aliases: ['orders-alias', ':.eu:alias'] },
        { subject: 'payments-value', version: 1, id: 3, schema: '"int"' },
      ];
      return (json(res, 200, rows.slice(offset, offset + 1)), true); // one row a page, as a capped server pages
    }
    const config = /^\/config\/(orders-alias|:\.eu:alias)$/.exec(decodeURIComponent(req.path));
    if (config) return (json(res, 200, { alias: 'orders-value' }), true);
    return false;
  };
}

describe('alias subjects of a Confluent registry', () => {
  it('are read from the bulk listing with aliases=true, each a subject with its config and no versions', async () => {
    fake = await miniRegistry(miniState({ 'orders-value': 2, 'payments-value': 1 }), {}, confluent(true));
    const reg = await load(fake.url);
    expect([...reg.subjects.keys()]).toEqual([':.eu:alias', 'orders-alias', 'orders-value', 'payments-value']);
    expect(reg.subjects.get('orders-alias')).toMatchObject({ versions: [], config: { alias: 'orders-value' } });
    expect(reg.subjects.get(':.eu:alias')).toMatchObject({ context: '.eu', versions: [] });
  });

  it('are kept out by a subject filter like any subject', async () => {
    fake = await miniRegistry(miniState({ 'orders-value': 2 }), {}, confluent(true));
    const reg = await load(fake.url, { include: ['orders-*'] });
    expect([...reg.subjects.keys()]).toEqual(['orders-alias', 'orders-value']);
  });

  it('are none where the listing is not served, and not asked for where the product is not Confluent', async () => {
    fake = await miniRegistry(miniState({ 'orders-value': 2 }), {}, confluent(false));
    expect([...(await load(fake.url)).subjects.keys()]).toEqual(['orders-value']);
    await fake.close();
    fake = await miniRegistry(miniState({ 'orders-value': 2 }), {}, (req) => {
      expect(req.query.get('aliases')).toBeNull();
    });
    expect([...(await load(fake.url)).subjects.keys()]).toEqual(['orders-value']);
  });
});
