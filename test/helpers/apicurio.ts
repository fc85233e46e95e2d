// Seeds real Apicurio registries through their native APIs for the real tier: a 2.6 with several groups, artifact
// types, versions (custom version strings too), references, rules, states, labels and properties; export of its
// ZIP and import into an empty 3.x, as Apicurio's own 2.6 -> 3.x procedure does.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readZipBuffer } from './zip.js';

export class Apicurio {
  /** `root` is the server (http://host:port); `api` the native API the calls go to. */
  constructor(
    readonly root: string,
    readonly api: 'v2' | 'v3',
  ) {}

  get base(): string {
    return `${this.root}/apis/registry/${this.api}`;
  }

  async call<T = unknown>(
    method: string,
    path: string,
    body?: string | Buffer | object,
    headers: Record<string, string> = {},
    ok: number[] = [],
  ): Promise<T> {
    const payload =
      body === undefined
        ? undefined
        : typeof body === 'string'
          ? body
          : Buffer.isBuffer(body)
            ? new Uint8Array(body)
            : JSON.stringify(body);
    const send = () =>
      fetch(this.base + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: payload,
      });
    // After restartApicurio3 the pool may still hold a socket to the stopped server: that request never reached
    // the new one, so it is sent once more.
    const res = await send().catch((err: Error & { cause?: { code?: string } }) => {
      if (err.cause?.code === 'UND_ERR_SOCKET') return send();
      throw err;
    });
    const text = await res.text();
    if (!res.ok && !ok.includes(res.status)) throw new Error(`${method} ${this.base}${path} -> ${res.status} ${text}`);
    try {
      return (text ? JSON.parse(text) : null) as T;
    } catch {
      return text as T;
    }
  }

  /** Every artifact, group and global rule gone. */
  async reset(): Promise<void> {
    const groups = await this.call<{ groups: Record<string, string>[] }>('GET', '/groups?limit=1000');
    const ids = new Set(['default', ...groups.groups.map((g) => g.groupId ?? g.id!)]);
    for (const g of ids) {
      await this.call('DELETE', `/groups/${encodeURIComponent(g)}/artifacts`, undefined, {}, [404]);
      if (g !== 'default') await this.call('DELETE', `/groups/${encodeURIComponent(g)}`, undefined, {}, [404, 405]);
    }
    await this.call('DELETE', '/admin/rules');
  }

  /** A new artifact (v2 API): its first version. */
  createV2(
    group: string,
    id: string,
    type: string,
    content: string,
    opts: { version?: string; references?: object[]; contentType?: string } = {},
  ): Promise<unknown> {
    const headers: Record<string, string> = {
      'X-Registry-ArtifactId': id,
      'X-Registry-ArtifactType': type,
      'content-type': opts.contentType ?? 'application/json',
    };
    if (opts.version) headers['X-Registry-Version'] = opts.version;
    if (opts.references) {
      headers['content-type'] = 'application/create.extended+json';
      return this.call(
        'POST',
        `/groups/${group}/artifacts`,
        JSON.stringify({ content, references: opts.references }),
        headers,
      );
    }
    return this.call('POST', `/groups/${group}/artifacts`, content, headers);
  }

  addVersionV2(
    group: string,
    id: string,
    content: string,
    opts: { version?: string; contentType?: string } = {},
  ): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
    if (opts.version) headers['X-Registry-Version'] = opts.version;
    return this.call('POST', `/groups/${group}/artifacts/${id}/versions`, content, headers);
  }

  async exportZip(): Promise<Buffer> {
    const res = await fetch(`${this.base}/admin/export`);
    if (!res.ok) throw new Error(`export ${this.base} -> ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  importZip(zip: Buffer): Promise<unknown> {
    return this.call('POST', '/admin/import', zip, { 'content-type': 'application/zip' });
  }
}

const avro = (fields: object[]) => JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.acme', fields });

/** The 2.6 registry the Apicurio tests migrate: 4 groups' worth of artifacts of 9 types, 14 versions. */
export async function seedApicurio26(
  r: Apicurio,
  opts: { groupProperties?: Record<string, string> } = {},
): Promise<void> {
  await r.call('POST', '/groups', {
    id: 'payments',
    description: 'Payment schemas',
    ...(opts.groupProperties ? { properties: opts.groupProperties } : {}),
  });
  await r.createV2('com.acme', 'orders', 'AVRO', avro([{ name: 'id', type: 'string' }]));
  await r.addVersionV2(
    'com.acme',
    'orders',
    avro([
      { name: 'id', type: 'string' },
      { name: 'qty', type: 'int', default: 0 },
    ]),
  );
  await r.addVersionV2(
    'com.acme',
    'orders',
    avro([
      { name: 'id', type: 'string' },
      { name: 'qty', type: 'int', default: 0 },
      { name: 'note', type: ['null', 'string'], default: null },
    ]),
  );
  await r.call('PUT', '/groups/com.acme/artifacts/orders/versions/1/state', { state: 'DEPRECATED' });
  await r.call('PUT', '/groups/com.acme/artifacts/orders/versions/2/meta', {
    name: 'Order v2',
    description: 'with quantity',
    labels: ['pii'],
    properties: { owner: 'team-a' },
  });
  await r.call('POST', '/groups/com.acme/artifacts/orders/rules', { type: 'COMPATIBILITY', config: 'BACKWARD' });
  await r.createV2(
    'com.acme',
    'order-event',
    'AVRO',
    JSON.stringify({
      type: 'record',
      name: 'OrderEvent',
      namespace: 'com.acme',
      fields: [{ name: 'order', type: 'com.acme.Order' }],
    }),
    {
      references: [{ groupId: 'com.acme', artifactId: 'orders', version: '2', name: 'com.acme.Order' }],
    },
  );
  await r.createV2(
    'com.acme',
    'customer',
    'JSON',
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { id: { type: 'string' } },
    }),
    { version: '1.0.0' },
  );
  await r.addVersionV2(
    'com.acme',
    'customer',
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { id: { type: 'string' }, email: { type: 'string' } },
    }),
    { version: '1.1.0' },
  );
  await r.call('PUT', '/groups/com.acme/artifacts/customer/versions/1.0.0/state', { state: 'DISABLED' });
  await r.call('POST', '/groups/com.acme/artifacts/customer/rules', { type: 'VALIDITY', config: 'SYNTAX_ONLY' });
  await r.createV2(
    'payments',
    'payment',
    'PROTOBUF',
    'syntax = "proto3";\npackage pay;\nmessage Payment { string id = 1; }\n',
    { contentType: 'application/x-protobuf' },
  );
  await r.addVersionV2(
    'payments',
    'payment',
    'syntax = "proto3";\npackage pay;\nmessage Payment { string id = 1; int64 cents = 2; }\n',
    { contentType: 'application/x-protobuf' },
  );
  await r.createV2(
    'payments',
    'schema-graph',
    'GRAPHQL',
    'type Query { payment(id: ID!): Payment }\ntype Payment { id: ID! amount: Float }\n',
    { contentType: 'application/graphql' },
  );
  await r.createV2(
    'payments',
    'invoice',
    'XSD',
    '<?xml version="1.0" encoding="UTF-8"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element ' +
      'name="invoice" type="xs:string"/></xs:schema>',
    { contentType: 'application/xml' },
  );
  await r.createV2(
    'default',
    'petstore',
    'OPENAPI',
    JSON.stringify({ openapi: '3.0.2', info: { title: 'Pets', version: '1.0.0' }, paths: {} }),
  );
  await r.createV2(
    'default',
    'events-api',
    'ASYNCAPI',
    JSON.stringify({ asyncapi: '2.6.0', info: { title: 'Events', version: '1.0.0' }, channels: {} }),
  );
  await r.createV2(
    'default',
    'connector',
    'KCONNECT',
    JSON.stringify({
      type: 'struct',
      fields: [{ type: 'string', optional: false, field: 'id' }],
      optional: false,
      name: 'Key',
    }),
  );
  await r.createV2(
    'default',
    'billing',
    'WSDL',
    '<?xml version="1.0"?><definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="Billing" ' +
      'targetNamespace="urn:billing"></definitions>',
    { contentType: 'application/xml' },
  );
  await r.call('POST', '/admin/rules', { type: 'VALIDITY', config: 'FULL' });
}

/**
 * A fresh, empty 3.x: its import refuses a registry that ever held content (found live: "Registry is not empty"
 * after every artifact, group and rule was deleted), so the in-memory server is restarted.
 */
export function restartApicurio3(): void {
  lastImport = undefined;
  for (const cmd of ['stop', 'start']) {
    const r = spawnSync('bash', ['scripts/registries', cmd, 'apicurio3'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scripts/registries ${cmd} apicurio3 failed: ${r.stderr}`);
  }
}

/** The export this test file last imported into a fresh 3.x, and the state 3.x then exported. */
let lastImport: { zip: string; state: string } | undefined;

/**
 * 3.x holding `zip` as imported into a freshly started server. The first import restarts it (restartApicurio3).
 * The same export again needs only every artifact, group and rule deleted: scripts/registries starts 3.x with
 * apicurio.import.requireEmptyRegistry=false, and the content rows that deleting leaves are this export's own. What
 * 3.x exports after that import must be what it exported after the first, or this throws. About 3 s less each.
 */
export async function importIntoFresh3(v3: Apicurio, zip: Buffer): Promise<void> {
  const key = createHash('sha256').update(zip).digest('hex');
  if (lastImport?.zip !== key) {
    restartApicurio3();
    await v3.importZip(zip);
    lastImport = { zip: key, state: await exportedState(v3) };
    return;
  }
  await v3.reset();
  await v3.importZip(zip);
  if ((await exportedState(v3)) !== lastImport.state)
    throw new Error('3.x after importing the same export again is not what a fresh import gave');
}

/** A 3.x export without what an import stamps anew (modifiedOn) or names by the time (the manifest). */
async function exportedState(v3: Apicurio): Promise<string> {
  const entries = [...(await readZipBuffer(await v3.exportZip()))].filter(([name]) => !name.startsWith('manifest-'));
  return entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, data]) => `${name}\n${data.toString('utf8').replace(/"modifiedOn":\d+/g, '')}`)
    .join('\n');
}

/** 2.6 seeded, exported, and imported into an empty 3.x: the migration under test. Returns the 2.6 export. */
export async function migrate26to3(
  v2: Apicurio,
  v3: Apicurio,
  opts: Parameters<typeof seedApicurio26>[1] & { beforeExport?: () => Promise<void> } = {},
): Promise<Buffer> {
  await v2.reset();
  restartApicurio3();
  await seedApicurio26(v2, opts);
  await opts.beforeExport?.();
  const zip = await v2.exportZip();
  await v3.importZip(zip);
  return zip;
}
