// The two untyped pure-JavaScript decompressors the Kafka reader uses (only what it calls).
declare module 'snappyjs' {
  const snappyjs: { uncompress(input: Uint8Array): Uint8Array };
  export default snappyjs;
}
declare module 'lz4js' {
  const lz4js: { decompress(input: Uint8Array, maxSize?: number): Uint8Array | number[] };
  export default lz4js;
}
