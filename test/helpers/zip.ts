// Reads a ZIP into memory and writes one back (yauzl / yazl), for tests that build broken Apicurio exports.
import { createWriteStream } from 'node:fs';
import yauzl from 'yauzl';
import yazl from 'yazl';

export function readZip(file: string): Promise<Map<string, Buffer>> {
  return entriesOf((done) => yauzl.open(file, { lazyEntries: true }, done));
}

/** The entries of a ZIP held in memory (an export read from a server). */
export function readZipBuffer(zip: Buffer): Promise<Map<string, Buffer>> {
  return entriesOf((done) => yauzl.fromBuffer(zip, { lazyEntries: true }, done));
}

function entriesOf(open: (done: (err: Error | null, zip?: yauzl.ZipFile) => void) => void) {
  return new Promise<Map<string, Buffer>>((resolve, reject) => {
    const out = new Map<string, Buffer>();
    open((err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

export function writeZip(file: string, entries: Map<string, Buffer>): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, data] of entries) zip.addBuffer(data, name);
    zip.outputStream
      .pipe(createWriteStream(file))
      .on('close', () => resolve())
      .on('error', reject);
    zip.end();
  });
}
