// The watch rows of `npm run bench`: `sr-parity watch` over two live registries holding the same subjects, its first
// pass (a whole read of both sides) beside the cheap passes after it, with nothing changed and then with 1% of the
// subjects given a new version on the source; each pass's peak RSS (VmHWM, reset between passes through
// /proc/PID/clear_refs), and how long /metrics takes to answer while passes run. Numbers only, never pass/fail.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const CT = 'application/vnd.schemaregistry.v1+json';

/**
 * `passes` passes, whole every 10th (the default); before pass `changeAt`, each Avro subject named in `changed` gets
 * a new version on the source. Resolves with each pass as the watch logged it ({pass, durationMs, requests, reads})
 * plus its peak RSS, and the /metrics latencies seen.
 */
export async function watchPasses({ bin, source, target, passes, changeAt, changed }) {
  const args = [bin, 'watch', source, target, '--every', '1s', '--listen', '127.0.0.1:0', '--log-format', 'json'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  const resetPeak = () => writeFileSync(`/proc/${pid}/clear_refs`, '5');
  let err = '';
  const url = new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /serving (http:\/\/[^/\s]+)\/metrics/.exec(err);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`watch ended (${code}): ${err}`)));
  });
  const base = await url;
  const latencies = [];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const t0 = performance.now();
      await (await fetch(`${base}/metrics`)).text();
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const seen = [];
  let buffer = '';
  const done = new Promise((resolve) => {
    child.stdout.on('data', async (d) => {
      buffer += d;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (line.event !== 'pass') continue;
        seen.push({ ...line, peakRssMb: Math.round(peakMb()) });
        resetPeak();
        if (line.pass === changeAt - 1) await changeSubjects(source, changed);
        if (line.pass === passes) resolve();
      }
    });
  });
  await done;
  polling = false;
  await poll;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return { passes: seen, latencies };
}

/** A new version, one more field with a default (compatible), of each of these Avro subjects. */
async function changeSubjects(url, subjects) {
  await Promise.all(
    subjects.map(async (subject) => {
      const latest = await (await fetch(`${url}/subjects/${subject}/versions/latest`)).json();
      const schema = JSON.parse(latest.schema);
      schema.fields.push({ name: 'benchExtra', type: 'string', default: '' });
      const res = await fetch(`${url}/subjects/${subject}/versions`, {
        method: 'POST',
        headers: { 'content-type': CT },
        body: JSON.stringify({ schema: JSON.stringify(schema), references: latest.references ?? [] }),
      });
      if (!res.ok) throw new Error(`registering ${subject}: ${res.status} ${await res.text()}`);
    }),
  );
}
