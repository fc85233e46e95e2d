// A deterministic synthetic registry of `subjects` x `versions`, as an sr-parity snapshot: 60% Avro (every 20th
// subject references a shared named type), 20% JSON Schema, 20% Protobuf; every 10th subject's last version is
// soft-deleted, every 50th subject has its own config. `drift`: the share of subjects whose last version gets one more
// field. `reversedIds`: the same schemas with ids handed out from the last subject to the first (what a copy that
// did not preserve ids, registering in another order, looks like: every id differs).
export function syntheticSnapshot(subjects, versions, { drift = 0, reversedIds = false } = {}) {
  const out = [];
  let id = 1;
  out.push({
    name: 'common-address',
    deleted: false,
    config: null,
    mode: null,
    versions: [avroVersion(1, id++, 'com.acme.common.Address', 1, false)],
  });
  for (let i = 0; i < subjects; i++) {
    const kind = i % 10 < 6 ? 'AVRO' : i % 10 < 8 ? 'JSON' : 'PROTOBUF';
    const name = `svc-${String(i).padStart(6, '0')}-value`;
    const vs = [];
    for (let v = 1; v <= versions; v++) {
      const changed = drift > 0 && v === versions && i % Math.round(1 / drift) === 0;
      const fields = v + (changed ? 1 : 0);
      const deleted = i % 10 === 0 && v === versions;
      if (kind === 'AVRO') {
        const x = avroVersion(v, id++, `com.acme.s${i}.Event`, fields, deleted);
        if (i % 20 === 0) {
          const s = JSON.parse(x.schema);
          s.fields.push({ name: 'address', type: 'com.acme.common.Address' });
          x.schema = JSON.stringify(s);
          x.references = [{ name: 'com.acme.common.Address', subject: 'common-address', version: 1 }];
        }
        vs.push(x);
      } else if (kind === 'JSON') {
        const properties = Object.fromEntries(
          Array.from({ length: fields }, (_, f) => [
            `f${f}`,
            { type: f % 2 ? 'integer' : 'string', description: `field ${f}` },
          ]),
        );
        vs.push({
          version: v,
          id: id++,
          schemaType: 'JSON',
          schema: JSON.stringify({
            $schema: 'http://json-schema.org/draft-07/schema#',
            title: `S${i}`,
            type: 'object',
            properties,
            required: ['f0'],
          }),
          references: [],
          deleted,
        });
      } else {
        const body = Array.from({ length: fields }, (_, f) => `  ${f % 2 ? 'int64' : 'string'} f${f} = ${f + 1};`).join(
          '\n',
        );
        vs.push({
          version: v,
          id: id++,
          schemaType: 'PROTOBUF',
          schema: `syntax = "proto3";\npackage acme.s${i};\n\nmessage Event {\n${body}\n}\n`,
          references: [],
          deleted,
        });
      }
    }
    out.push({
      name,
      deleted: false,
      config: i % 50 === 0 ? { compatibility: 'FULL' } : null,
      mode: null,
      versions: vs,
    });
  }
  if (reversedIds) {
    let next = out.reduce((n, s) => n + s.versions.length, 0);
    for (const s of [...out].reverse()) for (const v of s.versions) v.id = next--;
  }
  return {
    formatVersion: 1,
    tool: 'sr-parity bench',
    capturedAt: '2026-01-01T00:00:00.000Z',
    source: { location: `synthetic ${subjects}x${versions}` },
    global: { config: { compatibility: 'BACKWARD' }, mode: 'READWRITE' },
    contexts: ['.'],
    subjects: out,
  };
}

function avroVersion(version, id, fullName, fields, deleted) {
  const dot = fullName.lastIndexOf('.');
  const schema = {
    type: 'record',
    name: fullName.slice(dot + 1),
    namespace: fullName.slice(0, dot),
    doc: 'synthetic',
    fields: Array.from({ length: fields }, (_, f) =>
      f === 0
        ? { name: 'id', type: 'string' }
        : {
            name: `f${f}`,
            type: ['null', f % 3 ? 'long' : { type: 'long', logicalType: 'timestamp-millis' }],
            default: null,
          },
    ),
  };
  return { version, id, schemaType: 'AVRO', schema: JSON.stringify(schema), references: [], deleted };
}
