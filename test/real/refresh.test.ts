// watch's cheap passes read a live registry from the read before it (sources/rest/refresh.ts). Held here to what a
// whole read of the real server says at the same moment, after each kind of change a migration window sees.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { RegistryWriter } from '../helpers/seed.js';
import { avroRecord } from '../helpers/sample-schemas.js';
import { loadSource } from '../../src/sources/index.js';
import type { Registry } from '../../src/model/types.js';
import type { SourceSpec } from '../../src/sources/index.js';
import { TestKafka } from '../helpers/kafka.js';

const { axonopsSource, karapace, kafka } = inject('registries');

/** A registry as a check sees it: without when and at what cost it was read. */
const content = (r: Registry) => {
  const { capturedAt, requests, responses, refreshed, notes, ...info } = r.info;
  void [capturedAt, requests, responses, refreshed, notes];
  return { ...r, info };
};

type Change = [string, () => Promise<unknown>];

/** What both registries hold before the first read: Karapace 5.2 takes no Avro references, AxonOps gets one. */
async function seed(reg: RegistryWriter, withReference: boolean): Promise<void> {
  await reg.reset();
  await reg.register('orders-value', avroRecord('Order'));
  await reg.register('orders-value', avroRecord('Order', 'total'));
  await reg.register('orders-value', avroRecord('Order', 'total', 'note'));
  await reg.register('users-value', avroRecord('User'));
  await reg.register('payments-value', avroRecord('Payment'));
  const references = withReference ? [{ name: 'user.avsc', subject: 'users-value', version: 1 }] : undefined;
  await reg.register('audit-value', avroRecord('Audit'), references ? { references } : {});
  await reg.softDelete('orders-value', 2);
  await reg.setConfig('users-value', 'FULL');
}

/** The changes every registry is read after, in this order (each test adds its own between them). */
const everywhere = (reg: RegistryWriter) => ({
  first: [
    ['nothing', async () => undefined],
    ['a new version', () => reg.register('users-value', avroRecord('User', 'email'))],
  ] as Change[],
  deletes: [
    ['a version soft-deleted', () => reg.softDelete('orders-value', 3)],
    ['a subject soft-deleted', () => reg.softDelete('payments-value')],
    [
      'a soft-deleted version deleted for good',
      () => reg.call('DELETE', '/subjects/orders-value/versions/2?permanent=true'),
    ],
    ['a subject deleted for good', () => reg.call('DELETE', '/subjects/payments-value?permanent=true')],
    ['a config changed', () => reg.setConfig('orders-value', 'NONE')],
  ] as Change[],
});

describe('a cheap read of AxonOps equals a whole read at the same moment', () => {
  const reg = new RegistryWriter(axonopsSource);
  let previous: Registry;

  beforeAll(async () => {
    await seed(reg, true);
    await reg.register(':.eu:orders-value', avroRecord('OrderEu'));
    previous = await loadSource({ location: axonopsSource });
    expect(previous.info.refreshed).toBeUndefined();
  });

  const { first, deletes } = everywhere(reg);
  const changes: Change[] = [
    ...first,
    ['a new subject in another context', () => reg.register(':.eu:users-value', avroRecord('UserEu'))],
    ...deletes,
    ['a mode changed', () => reg.setMode('audit-value', 'READONLY')],
    ['the global config changed', () => reg.setConfig(null, 'FORWARD')],
    ['a version in another context', () => reg.register(':.eu:orders-value', avroRecord('OrderEu', 'total'))],
    [
      'a version deleted for good and imported again under its number with another id and text',
      async () => {
        await reg.softDelete('users-value', 2);
        await reg.call('DELETE', '/subjects/users-value/versions/2?permanent=true');
        await reg.setMode('users-value', 'IMPORT');
        await reg.register('users-value', avroRecord('User', 'phone'), { id: 9_001, version: 2 });
        await reg.setMode('users-value', 'READWRITE');
      },
    ],
  ];
  it.each(changes)('after %s', async (_, change) => {
    await change();
    const cheap = await loadSource({ location: axonopsSource }, {}, undefined, previous);
    const whole = await loadSource({ location: axonopsSource });
    expect(cheap.info.refreshed).toBe(true);
    expect(content(cheap)).toEqual(content(whole));
    // each version read again only where it is new: never more requests than the whole read
    expect(cheap.info.requests).toBeLessThan(whole.info.requests!);
    previous = cheap;
  });

  it('reads no version again when nothing changed: the listings, settings and the few reads around them', async () => {
    const cheap = await loadSource({ location: axonopsSource }, {}, undefined, previous);
    const versions = [...cheap.subjects.values()].reduce((n, s) => n + s.versions.length, 0);
    const subjects = cheap.subjects.size;
    // per subject its config and mode; per context its subject listings (twice: before and after) and two bulk
    // listings of one page each, and an empty page to end each
    const perContext = 4 + 2 * 2;
    const around = cheap.info.requests! - 2 * subjects - perContext * cheap.contexts.length;
    expect(around).toBeLessThan(15); // global settings, contexts, product, contexts' settings, DEK registry
    expect(versions).toBeGreaterThan(5);
  });
});

describe('a registry whose bulk listing cannot be trusted to be whole is read whole', () => {
  it('Karapace (its /schemas ignores the offset)', async () => {
    const reg = new RegistryWriter(karapace);
    await reg.reset();
    await reg.register('orders-value', avroRecord('Order'));
    const previous = await loadSource({ location: karapace });
    await reg.register('orders-value', avroRecord('Order', 'total'));
    const again = await loadSource({ location: karapace }, {}, undefined, previous);
    expect(again.info.refreshed).toBeUndefined();
    expect(again.subjects.get('orders-value')!.versions.map((v) => v.version)).toEqual([1, 2]);
    await reg.reset();
  });
});

describe('a Kafka-backed registry read from its _schemas topic equals a whole read at the same moment', () => {
  const reg = new RegistryWriter(karapace);
  const topic = { bootstrap: [kafka], timeoutMs: 10_000, topic: '_schemas' };
  const spec: SourceSpec = { location: karapace, schemasTopic: topic };
  let previous: Registry;

  beforeAll(async () => {
    await seed(reg, false);
    previous = await loadSource(spec);
    expect(previous.info.refreshed).toBeUndefined();
  });

  // A record Karapace's reader applies that no REST call wrote: what a restore or a topic copy writes.
  const straightToTopic = async () => {
    const key = { keytype: 'SCHEMA', subject: 'restored-value', version: 1, magic: 1 };
    const schema = avroRecord('Restored');
    const value = { subject: 'restored-value', version: 1, id: 7_001, schema, deleted: false };
    await new TestKafka(kafka).produce('_schemas', [
      { key: JSON.stringify(key), value: Buffer.from(JSON.stringify(value)) },
    ]);
    for (let i = 0; i < 100 && !(await reg.call<string[]>('GET', '/subjects')).includes('restored-value'); i++)
      await new Promise((r) => setTimeout(r, 100));
  };

  const { first, deletes } = everywhere(reg);
  const changes: Change[] = [
    ...first,
    ['a new subject', () => reg.register('invoices-value', avroRecord('Invoice'))],
    ...deletes,
    ['a config set before any version', () => reg.setConfig('later-value', 'FORWARD')],
    ['a config removed', () => reg.call('DELETE', '/config/users-value')],
    ['the global config changed', () => reg.setConfig(null, 'FORWARD')],
    ['a version written straight to the topic', straightToTopic],
  ];
  it.each(changes)('after %s', async (_, change) => {
    await change();
    const cheap = await loadSource(spec, {}, undefined, previous);
    const whole = await loadSource({ location: karapace });
    expect(cheap.info.notes).toBeUndefined();
    expect(cheap.info.refreshed).toBe(true);
    expect(content(cheap)).toEqual(content(whole));
    // the subjects named since the pass before, and those the pass before read, are read again: no others
    expect(cheap.info.requests).toBeLessThan(whole.info.requests!);
    previous = cheap;
  });

  it('reads no subject when nothing changed: the listings and the few reads around them', async () => {
    // twice, so that what the pass before read is no longer read again
    const once = await loadSource(spec, {}, undefined, previous);
    const cheap = await loadSource(spec, {}, undefined, once);
    // global config, mode, /contexts, product, each subject listing twice (before and after), the DEK registry
    expect(cheap.info.requests).toBeLessThanOrEqual(12);
    expect(cheap.subjects.size).toBeGreaterThan(4);
    previous = cheap;
  });

  it("a record not in the registry's own format sends the pass to a read of the listings, with a note", async () => {
    await new TestKafka(kafka).produce('_schemas', [{ key: '{"keytype":"SOMETHING_NEW"}', value: Buffer.from('{}') }]);
    const cheap = await loadSource(spec, {}, undefined, previous);
    expect(cheap.info.refreshed).toBeUndefined(); // Karapace's listing cannot be trusted either: read whole
    expect(cheap.info.notes).toEqual([
      expect.stringMatching(
        new RegExp(
          '^the record at offset \\d+ of partition 0 is of a kind not known here \\(keytype "SOMETHING_NEW"\\): ' +
            'the registry is read from its listings$',
        ),
      ),
    ]);
    expect(content(cheap)).toEqual(content(await loadSource({ location: karapace })));
    previous = cheap;
  });

  it("another registry's topic: changes it does not name send the pass to the listings", async () => {
    await new TestKafka(kafka).createTopic('sr-parity-other-schemas', 1);
    const wrong: SourceSpec = { location: karapace, schemasTopic: { ...topic, topic: 'sr-parity-other-schemas' } };
    const first = await loadSource(wrong, {}, undefined, undefined);
    await reg.register('unnamed-value', avroRecord('Unnamed'));
    const again = await loadSource(wrong, {}, undefined, first);
    expect(again.info.refreshed).toBeUndefined();
    expect(again.info.notes).toEqual([expect.stringContaining('in ways the records of its topic did not name')]);
    expect(again.subjects.has('unnamed-value')).toBe(true);
  });

  it('a topic that cannot be read costs the cheap read, not the verdict', async () => {
    const gone: SourceSpec = { location: karapace, schemasTopic: { ...topic, topic: 'no-such-topic' } };
    const read = await loadSource(gone, {}, undefined, previous);
    expect(read.info.notes).toEqual([
      `cannot read kafka ${kafka} topic no-such-topic (no such topic): the registry is read from its listings`,
    ]);
    expect(content(read)).toEqual(content(await loadSource({ location: karapace })));
    await reg.reset();
  });
});
