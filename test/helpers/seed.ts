// Builds registry states over REST for the real tier: plain registrations, soft deletes, configs, modes, and a whole
// sr-parity snapshot loaded id-for-id through IMPORT mode.
import type { SnapshotFile } from '../../src/sources/files/native.js';
import { contextOf, type Reference } from '../../src/model/types.js';
import { encodeSubject } from '../../src/sources/rest/confluent.js';

const CT = 'application/vnd.schemaregistry.v1+json';

interface RegisterOptions {
  schemaType?: string;
  references?: Reference[];
  id?: number;
  version?: number;
  metadata?: unknown;
  ruleSet?: unknown;
}

/** Sends again once where the connection the request went out on turned out closed (undici: UND_ERR_SOCKET). */
export function onceMoreIfClosed(send: () => Promise<Response>): Promise<Response> {
  return send().catch((err: Error & { cause?: { code?: string } }) => {
    if (err.cause?.code !== 'UND_ERR_SOCKET') throw err;
    return send();
  });
}

export class RegistryWriter {
  constructor(readonly url: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, ok: number[] = []): Promise<T> {
    const send = () =>
      fetch(this.url + path, {
        method,
        headers: { 'content-type': CT, accept: CT },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A connection kept from before a server restarted (the real tier restarts some) is closed: asked once more.
    const res = await onceMoreIfClosed(send);
    const text = await res.text();
    if (!res.ok && !ok.includes(res.status)) throw new Error(`${method} ${this.url}${path} -> ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  async register(subject: string, schema: string, opts: RegisterOptions = {}): Promise<number> {
    const body: Record<string, unknown> = { schema };
    if (opts.metadata) body.metadata = opts.metadata;
    if (opts.ruleSet) body.ruleSet = opts.ruleSet;
    if (opts.schemaType && opts.schemaType !== 'AVRO') body.schemaType = opts.schemaType;
    if (opts.references?.length) body.references = opts.references;
    if (opts.id !== undefined) body.id = opts.id;
    if (opts.version !== undefined) body.version = opts.version;
    return (await this.call<{ id: number }>('POST', `/subjects/${encodeSubject(subject)}/versions`, body)).id;
  }

  softDelete(subject: string, version?: number): Promise<unknown> {
    return this.call(
      'DELETE',
      `/subjects/${encodeSubject(subject)}${version === undefined ? '' : `/versions/${version}`}`,
    );
  }

  setConfig(subject: string | null, compatibility: string): Promise<unknown> {
    return this.call('PUT', subject ? `/config/${encodeSubject(subject)}` : '/config', { compatibility });
  }

  setMode(subject: string | null, mode: string): Promise<unknown> {
    return this.call('PUT', `${subject ? `/mode/${encodeSubject(subject)}` : '/mode'}?force=true`, { mode });
  }

  /**
   * Hard-deletes every subject in every context and restores the default global config and mode. Karapace has no
   * modes (405) and keeps listing a subject that once had a config (without versions): its config is removed.
   */
  async reset(): Promise<void> {
    await this.call('PUT', '/mode?force=true', { mode: 'READWRITE' }, [405]);
    const listed = await this.call<unknown>('GET', '/contexts', undefined, [404]); // Karapace: 404 "Not Found"
    const contexts = Array.isArray(listed) ? (listed as string[]) : ['.'];
    let left: string[] = [];
    for (const ctx of contexts) {
      if (ctx !== '.') {
        await this.call('DELETE', `/mode/:${ctx}:`, undefined, [404]);
        await this.call('DELETE', `/config/:${ctx}:`, undefined, [404]);
      }
      const path = ctx === '.' ? '/subjects?deleted=true' : `/contexts/${ctx}/subjects?deleted=true`;
      for (const bare of (await this.call<string[] | null>('GET', path)) ?? []) {
        left.push(encodeSubject(ctx === '.' || bare.startsWith(':') ? bare : `:${ctx}:${bare}`));
      }
    }
    // A referenced subject cannot be deleted before its referrers (42206): delete in passes until none is left.
    while (left.length) {
      const blocked: string[] = [];
      for (const s of left) {
        await this.call('DELETE', `/mode/${s}`, undefined, [404, 405]);
        await this.call('DELETE', `/config/${s}`, undefined, [404]);
        const soft = await fetch(`${this.url}/subjects/${s}`, { method: 'DELETE' });
        const hard = await fetch(`${this.url}/subjects/${s}?permanent=true`, { method: 'DELETE' });
        if (soft.status === 422 || hard.status === 422) blocked.push(s);
      }
      if (blocked.length === left.length)
        throw new Error(`cannot delete subjects on ${this.url}: ${blocked.join(', ')}`);
      left = blocked;
    }
    await this.setConfig(null, 'BACKWARD');
    await this.resetDekRegistry();
  }

  /** Deletes every DEK and KEK (soft, then for good) where the server has a DEK registry (AxonOps does). */
  async resetDekRegistry(): Promise<void> {
    const base = '/dek-registry/v1/keks';
    const keks = await this.call<unknown>('GET', `${base}?deleted=true`, undefined, [404, 405]);
    for (const kek of Array.isArray(keks) ? (keks as string[]) : []) {
      const k = encodeURIComponent(kek);
      const subjects = await this.call<string[] | null>('GET', `${base}/${k}/deks?deleted=true`, undefined, [404]);
      for (const s of subjects ?? []) {
        const d = `${base}/${k}/deks/${encodeURIComponent(s)}`;
        await this.call('DELETE', d, undefined, [404]);
        await this.call('DELETE', `${d}?permanent=true`, undefined, [404]);
      }
      await this.call('DELETE', `${base}/${k}`, undefined, [404]);
      await this.call('DELETE', `${base}/${k}?permanent=true`, undefined, [404]);
    }
  }

  /**
   * Hard-deletes every subject through an API without contexts or modes (Apicurio's ccompat), newest first, and
   * restores its default global compatibility (NONE).
   */
  async resetSubjects(): Promise<void> {
    for (const s of ((await this.call<string[]>('GET', '/subjects?deleted=true')) ?? []).reverse()) {
      await this.call('DELETE', `/subjects/${s}`, undefined, [404, 422]);
      await this.call('DELETE', `/subjects/${s}?permanent=true`, undefined, [404, 422]);
    }
    // 2.6 answers 404 when there is no rule to remove
    await this.call('PUT', '/config', { compatibility: 'NONE' }, [404]);
  }

  /** Loads a snapshot with its exact ids and versions (IMPORT mode), soft deletes, configs and modes. */
  async seedSnapshot(snap: SnapshotFile): Promise<void> {
    // Each context has its own mode: `PUT /mode/:.ctx:` puts a whole context into IMPORT.
    const contexts = [...new Set(snap.subjects.map((s) => contextOf(s.name)))].filter((c) => c !== '.');
    await this.setMode(null, 'IMPORT');
    for (const c of contexts) await this.setMode(`:${c}:`, 'IMPORT');
    const pending = snap.subjects.flatMap((s) => s.versions.map((v) => ({ subject: s.name, ...v })));
    const done = new Set<string>();
    while (pending.length) {
      // Dependencies first: a version whose references are all registered can go.
      const i = pending.findIndex((v) => (v.references ?? []).every((r) => done.has(`${r.subject}/${r.version}`)));
      if (i < 0)
        throw new Error(
          `unresolvable references in snapshot: ${pending.map((v) => `${v.subject}/${v.version}`).join(', ')}`,
        );
      const v = pending.splice(i, 1)[0]!;
      await this.register(v.subject, v.schema, v);
      done.add(`${v.subject}/${v.version}`);
    }
    for (const s of snap.subjects) {
      if (!s.versions.length) continue; // only a config: nothing to delete
      if (s.deleted) await this.softDelete(s.name);
      else for (const v of s.versions.filter((x) => x.deleted)) await this.softDelete(s.name, v.version);
    }
    for (const s of snap.subjects) {
      const compat = s.config?.compatibility ?? s.config?.compatibilityLevel;
      if (typeof compat === 'string') await this.setConfig(s.name, compat);
      if (s.mode) await this.setMode(s.name, s.mode);
    }
    const global = snap.global.config?.compatibility ?? snap.global.config?.compatibilityLevel;
    if (typeof global === 'string') await this.setConfig(null, global);
    for (const c of contexts) await this.call('DELETE', `/mode/:${c}:`, undefined, [404]);
    for (const [c, v] of Object.entries(snap.contextSettings ?? {})) {
      const compat = v.config?.compatibility ?? v.config?.compatibilityLevel;
      if (typeof compat === 'string') await this.setConfig(`:${c}:`, compat);
      if (v.mode) await this.setMode(`:${c}:`, v.mode);
    }
    await this.setMode(null, snap.global.mode ?? 'READWRITE');
  }
}
