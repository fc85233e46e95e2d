// A registry read while it changes, or paging wrongly: the loader reports only state the server held, and says so
// when it cannot (exit 3), in bounded time.
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/sources/rest/http.js';
import { loadConfluent } from '../../src/sources/rest/confluent.js';
import { loadApicurio } from '../../src/sources/rest/apicurio.js';
import { loadSource } from '../../src/sources/index.js';
import { SourceChangedError } from '../../src/lib/errors.js';
import type { Registry } from '../../src/model/types.js';
import { sourceErrorOf } from '../helpers/errors.js';
import { fakeRegistry, json, type FakeRegistry } from '../helpers/fake-registry.js';
import { miniRegistry, miniState, type MiniRegistry } from '../helpers/mini-registry.js';

let fake: MiniRegistry | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const client = (url: string) => new HttpClient({ url, backoffMs: 5, timeoutMs: 2000 });
const load = (url: string) => loadSource({ location: url, backoffMs: 5, timeoutMs: 2000 });

/** `s: 1 2 3-deleted` per subject. */
function versionsOf(reg: Registry): Record<string, string> {
  return Object.fromEntries(
    [...reg.subjects].map(([name, s]) => [
      name,
      s.versions.map((v) => `${v.version}${v.deleted ? '-deleted' : ''}`).join(' '),
    ]),
  );
}

describe('what a read of a live registry counts', () => {
  it('its requests, and their answers by status, each request once', async () => {
    fake = await miniRegistry(miniState({ a: 2 }));
    const reg = await load(fake.url);
    const answers = reg.info.responses ?? {};
    expect(Object.values(answers).reduce((n, c) => n + c, 0)).toBe(reg.info.requests);
    expect(Object.keys(answers).sort()).toEqual(expect.arrayContaining(['200']));
    expect(answers.error).toBeUndefined();
  });
});

describe('Confluent loader: bulk listing checked against each subject listing', () => {
  it('reads every version and its soft-deleted state from a paged bulk listing, no request per version', async () => {
    const state = miniState({ a: [1, 2, '3 deleted'], b: 2 });
    state.get('a')!.get(1)!.metadata = { properties: { owner: 'x' } };
    fake = await miniRegistry(state);
    const reg = await loadConfluent(client(fake.url), { pageSize: 2 });
    expect(versionsOf(reg)).toEqual({ a: '1 2 3-deleted', b: '1 2' });
    expect(reg.subjects.get('a')!.versions[0]!.metadata).toEqual({ properties: { owner: 'x' } });
    expect(fake.hits.get('/schemas')).toBe(4); // 2 + 2 + 1 + nothing new
    expect([...fake.hits.keys()].filter((p) => /\/versions\/\d+$/.test(p))).toEqual([]);
  });

  it(
    'reads each version on its own where no bulk row carried metadata or a ruleSet (the listing may leave them ' +
      'out)',
    async () => {
      const state = miniState({ s: 3 });
      state.get('s')!.get(3)!.ruleSet = { domainRules: [{ name: 'r' }] };
      fake = await miniRegistry(state, { bulkWithoutOptional: true });
      const versions = (await loadConfluent(client(fake.url))).subjects.get('s')!.versions;
      expect(versions.map((v) => v.ruleSet)).toEqual([undefined, undefined, { domainRules: [{ name: 'r' }] }]);
      expect([1, 2, 3].map((v) => fake!.hits.get(`/subjects/s/versions/${v}`))).toEqual([1, 1, 1]);
    },
  );

  it('reads every version from a server that sends fewer rows than asked for', async () => {
    fake = await miniRegistry(miniState({ s: 5 }), { pageCap: 2 });
    expect(versionsOf(await loadConfluent(client(fake.url), { pageSize: 10_000 }))).toEqual({ s: '1 2 3 4 5' });
  });

  it('reads what a server that ignores offset leaves out of its one repeated page, version by version', async () => {
    fake = await miniRegistry(miniState({ a: 3, b: [1, '2 deleted'] }), { pageCap: 2, ignoreOffset: true });
    expect(versionsOf(await loadConfluent(client(fake.url)))).toEqual({ a: '1 2 3', b: '1 2-deleted' });
    expect(fake.hits.get('/schemas')).toBe(2);
    expect(['a/versions/3', 'b/versions/1', 'b/versions/2'].map((p) => fake!.hits.get(`/subjects/${p}`))).toEqual([
      1, 1, 1,
    ]);
  });

  it('a version hard-deleted between two pages: read again, and the registry as it is now is reported', async () => {
    // Page 2 starts one row later than it would have: without the subject listings, a live version goes missing.
    fake = await miniRegistry(miniState({ a: 2, b: 2 }), { pageCap: 2 }, (req, state) => {
      if (req.path === '/schemas' && req.query.get('offset') === '2' && state.get('a')!.has(1))
        state.get('a')!.delete(1);
    });
    const reg = await load(fake.url);
    expect(versionsOf(reg)).toEqual({ a: '2', b: '1 2' });
    expect(reg.info.notes).toEqual([
      expect.stringMatching(
        new RegExp(
          String.raw`^read 2 of .*: the one before saw .*subjects/a/versions/1\?deleted=true: ` +
            'source changed while being read: a listed version 1, which is not found$',
        ),
      ),
    ]);
  });

  it('a request the registry lost is asked again, and the report says so', async () => {
    let dropped = false;
    fake = await miniRegistry(miniState({ a: 2 }), {}, (req) => {
      if (req.path !== '/schemas' || dropped) return false;
      dropped = true;
      return true; // handled: no answer ever comes
    });
    const reg = await loadSource({ location: fake.url, backoffMs: 5, timeoutMs: 300 });
    expect(versionsOf(reg)).toEqual({ a: '1 2' });
    expect(reg.info.notes).toEqual([`${fake.url}: 1 read(s) got no answer in time and were asked again`]);
  });

  it('a version soft-deleted after its subject was listed is reported as listed, not half-way', async () => {
    fake = await miniRegistry(miniState({ a: 2 }), { pageCap: 1 }, (req, state) => {
      if (req.path === '/schemas' && req.query.get('offset') === '1') state.get('a')!.get(1)!.deleted = true;
    });
    expect(versionsOf(await load(fake.url))).toEqual({ a: '1 2' });
  });

  it('a version registered while the bulk listing is read: the row nobody listed starts the read again', async () => {
    fake = await miniRegistry(miniState({ a: 1, b: 1 }), { pageCap: 1 }, (req, state) => {
      if (req.path === '/schemas' && req.query.get('offset') === '1' && !state.get('a')!.has(2)) {
        state.get('b')!.set(2, { id: 9, schema: '"int"' });
      }
    });
    const reg = await load(fake.url);
    expect(versionsOf(reg)).toEqual({ a: '1', b: '1 2' });
    expect(reg.info.notes?.[0]).toMatch(/lists b version 2, which b's version listing did not/);
  });

  it('a subject created after the bulk listing is found by listing the subjects again at the end', async () => {
    fake = await miniRegistry(miniState({ a: 1 }), {}, (req, state) => {
      if (req.path === '/config/a' && !state.has('late')) state.set('late', miniState({ late: 1 }, 5).get('late')!);
    });
    const reg = await load(fake.url);
    expect(Object.keys(versionsOf(reg))).toEqual(['a', 'late']);
    expect(reg.info.notes?.[0]).toMatch(/\/subjects: source changed while being read: late appeared$/);
  });

  it('a registry that never holds still fails after three reads (exit 3), naming what changed', async () => {
    let n = 0;
    fake = await miniRegistry(miniState({ a: 1 }), {}, (req, state) => {
      if (req.path === '/schemas') state.set(`new-${++n}`, miniState({ x: 1 }, 10 + n).get('x')!);
    });
    const err = await sourceErrorOf(load(fake.url));
    expect(err.message).toMatch(
      new RegExp(
        String.raw`/schemas\?deleted=true&offset=0&limit=2500: source changed while being read: ` +
          String.raw`lists new-3 version 1, which new-3's version listing did not \(read 3 times\)$`,
      ),
    );
  });

  it('a listing that never ends (new rows on every page) stops at the first row no subject listed', async () => {
    let n = 0;
    fake = await miniRegistry(miniState({ a: 1 }), {}, (req, _state, res) => {
      if (req.path !== '/schemas') return false;
      json(res, 200, [
        { subject: 'a', version: 1, id: 1, schema: '"x"' },
        { subject: 'a', version: 100 + ++n, id: 100 + n, schema: '"y"' },
      ]);
      return true;
    });
    const err = await sourceErrorOf(loadConfluent(client(fake.url)));
    expect(err).toBeInstanceOf(SourceChangedError);
    expect(err.message).toMatch(/lists a version 101, which a's version listing did not$/);
    expect(fake.hits.get('/schemas')).toBe(1);
  });

  it('a subject listed whose versions then answer 404 was deleted meanwhile', async () => {
    fake = await miniRegistry(miniState({ a: 1 }), {}, (req, state) => {
      if (req.path === '/subjects/a/versions') state.delete('a');
    });
    const reg = await load(fake.url);
    expect(versionsOf(reg)).toEqual({});
    expect(reg.info.notes?.[0]).toMatch(/subject a was listed, its versions are not found$/);
  });

  it('falls back to per-version reads where GET /schemas does not exist', async () => {
    fake = await miniRegistry(miniState({ s: [1, '2 deleted'] }), { noBulk: true });
    expect(versionsOf(await loadConfluent(client(fake.url)))).toEqual({ s: '1 2-deleted' });
    expect([1, 2].map((v) => fake!.hits.get(`/subjects/s/versions/${v}`))).toEqual([1, 1]);
  });

  it('reads a filtered context subject by subject: the bulk rows of the others could not be checked', async () => {
    fake = await miniRegistry(miniState({ keep: 2, other: 2 }));
    const reg = await loadConfluent(client(fake.url), { filter: { include: ['keep'] } });
    expect(versionsOf(reg)).toEqual({ keep: '1 2' });
    expect(fake.hits.get('/schemas')).toBeUndefined();
    expect(fake.hits.get('/subjects/other/versions')).toBeUndefined();
  });
});

describe('Apicurio loader: listings checked against their count', () => {
  /** A 3.x native API whose artifact search pages with `artifacts(offset, limit)`; nothing else is listed. */
  const apicurio = (artifacts: (offset: number, limit: number, n: number) => unknown) =>
    fakeRegistry({
      '*': (q, r, n) => {
        const u = new URL(q.url!, 'http://x');
        const path = u.pathname.replace('/apis/registry/v3', '');
        if (path === '/system/info') return json(r, 200, { version: '3.0.0' });
        if (path === '/admin/rules') return json(r, 200, []);
        if (path === '/groups') return json(r, 200, { count: 0, groups: [] });
        if (path !== '/search/artifacts') return json(r, 404, { status: 404 });
        json(r, 200, artifacts(Number(u.searchParams.get('offset')), Number(u.searchParams.get('limit')), n));
      },
    });
  const row = (i: number) => ({ groupId: 'g', artifactId: `a${i}`, artifactType: 'AVRO' });
  const loadV3 = (url: string) => loadApicurio(client(`${url}/apis/registry/v3`));
  let server: FakeRegistry | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it(
    'a server that ignores offset: the repeated page ends the listing short of its count, ' + 'which is an error',
    async () => {
      server = await apicurio(() => ({ count: 700, artifacts: Array.from({ length: 500 }, (_, i) => row(i)) }));
      const err = await sourceErrorOf(loadV3(server.url));
      expect(err).toBeInstanceOf(SourceChangedError);
      expect(err.message).toMatch(
        /\/search\/artifacts\?offset=500&limit=500: source changed while being read: 500 rows of the 700 counted/,
      );
    },
  );

  it('a count that moves between pages means the registry changed while being read', async () => {
    server = await apicurio((offset, _limit, n) => ({
      count: 600 + n,
      artifacts: offset ? [] : Array.from({ length: 500 }, (_, i) => row(i)),
    }));
    expect((await sourceErrorOf(loadV3(server.url))).message).toMatch(/the count went from 601 to 602 between pages$/);
  });

  it('a listing that never ends stops at its count', async () => {
    server = await apicurio((offset) => ({ count: 2, artifacts: [row(offset), row(offset + 1), row(offset + 2)] }));
    expect((await sourceErrorOf(loadV3(server.url))).message).toMatch(/more rows than the count 2$/);
    expect(server.hits.get('/apis/registry/v3/search/artifacts')).toBe(1);
  });
});
