// A synthetic Apicurio 3.x export ZIP (the entry layout and JSON shapes 3.3.3's /admin/export writes): n Avro
// artifacts of m versions each, spread over ten groups, each artifact with a compatibility rule.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import yazl from 'yazl';

const sha = (s) => createHash('sha256').update(s).digest('hex');

export function writeApicurioExport(file, n, m) {
  const zip = new yazl.ZipFile();
  const json = (name, o) => zip.addBuffer(Buffer.from(JSON.stringify(o)), name, { compress: false });
  const now = Date.UTC(2026, 0, 1);
  json(`manifest-2026-01-01T00:00:00.000Z.Manifest.json`, {
    systemVersion: '3.3.3',
    systemName: 'Apicurio Registry (SQL)',
    systemDescription: 'bench',
    exportVersion: '3.0',
    exportedOn: now,
    exportedBy: '',
    dbVersion: '109',
  });
  const artifacts = [];
  let id = 0;
  for (let a = 0; a < n; a++) {
    const group = `bench.g${a % 10}`;
    const artifactId = `artifact-${String(a).padStart(6, '0')}`;
    const versions = [];
    for (let v = 1; v <= m; v++) {
      const content = JSON.stringify({
        type: 'record',
        name: `R${a}`,
        namespace: group,
        fields: Array.from({ length: v }, (_, f) => ({ name: `f${f}`, type: 'string', default: '' })),
      });
      const hash = sha(content);
      id++;
      json(`content/${hash}.Content.json`, {
        contentId: id,
        canonicalHash: hash,
        contentHash: hash,
        artifactType: null,
        contentType: 'application/json',
        serializedReferences: null,
      });
      zip.addBuffer(Buffer.from(content), `content/${hash}.Content.data`);
      versions.push({ version: String(v), globalId: id, contentId: id });
    }
    artifacts.push({ group, artifactId, versions });
  }
  for (let g = 0; g < Math.min(n, 10); g++) {
    json(`groups/bench.g${g}.Group.json`, {
      groupId: `bench.g${g}`,
      description: null,
      artifactsType: null,
      owner: '',
      createdOn: now,
      modifiedBy: '',
      modifiedOn: now,
      labels: null,
    });
  }
  const base = (a) => `groups/${a.group}/artifacts/${a.artifactId}`;
  for (const a of artifacts) {
    json(`${base(a)}/MetaData.Artifact.json`, {
      groupId: a.group,
      artifactId: a.artifactId,
      artifactType: 'AVRO',
      name: null,
      description: null,
      labels: null,
      owner: '',
      createdOn: now,
      modifiedBy: '',
      modifiedOn: now,
    });
  }
  for (const a of artifacts) {
    for (const [i, v] of a.versions.entries()) {
      json(`${base(a)}/versions/${v.version}.ArtifactVersion.json`, {
        globalId: v.globalId,
        groupId: a.group,
        artifactId: a.artifactId,
        version: v.version,
        versionOrder: i + 1,
        state: 'ENABLED',
        name: null,
        description: null,
        owner: '',
        labels: null,
        createdOn: now,
        modifiedBy: '',
        modifiedOn: now,
        contentId: v.contentId,
      });
    }
  }
  for (const a of artifacts) {
    json(`${base(a)}/branches/latest.Branch.json`, {
      groupId: a.group,
      artifactId: a.artifactId,
      branchId: 'latest',
      description: null,
      systemDefined: false,
      owner: '',
      createdOn: now,
      modifiedBy: '',
      modifiedOn: now,
      versions: a.versions.map((v) => v.version),
    });
  }
  for (const a of artifacts)
    json(`${base(a)}/rules/COMPATIBILITY.ArtifactRule.json`, {
      groupId: a.group,
      artifactId: a.artifactId,
      type: 'COMPATIBILITY',
      configuration: 'BACKWARD',
    });
  json('rules/VALIDITY.GlobalRule.json', { ruleType: 'VALIDITY', configuration: 'FULL' });
  zip.end();
  return new Promise((resolve, reject) =>
    zip.outputStream.pipe(createWriteStream(file)).on('close', resolve).on('error', reject),
  );
}

// `node scripts/bench/apicurio.mjs FILE N M`: the bench writes its ZIPs in a child, so building them in memory does
// not count in the bench process's own peak memory.
if (process.argv[1] === new URL(import.meta.url).pathname) {
  const [file, n, m] = process.argv.slice(2);
  await writeApicurioExport(file, Number(n), Number(m));
}
