// CRC-64-AVRO (Rabin) fingerprint from the Avro specification, as a signed 64-bit decimal like the Java reference.
const EMPTY = 0xc15d213aa4d7a795n;
const MASK = (1n << 64n) - 1n;

const TABLE: bigint[] = Array.from({ length: 256 }, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n));
  return fp & MASK;
});

export function rabinFingerprint(text: string): bigint {
  let fp = EMPTY;
  for (const b of Buffer.from(text, 'utf8')) fp = ((fp >> 8n) ^ TABLE[Number((fp ^ BigInt(b)) & 0xffn)]!) & MASK;
  return BigInt.asIntN(64, fp);
}

export const EMPTY_FINGERPRINT = EMPTY;
