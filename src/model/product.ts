// The registry software behind a source, where it can be told. It matters to the verdict: registries disagree on
// which spellings of one schema are the same schema, and a client's lookup on the target is the target's to decide.

export type Product = 'confluent' | 'karapace' | 'axonops' | 'apicurio';
export const PRODUCTS: Product[] = ['confluent', 'karapace', 'axonops', 'apicurio'];

export const PRODUCT_NAMES: Record<Product, string> = {
  confluent: 'Confluent',
  karapace: 'Karapace',
  axonops: 'AxonOps',
  apicurio: 'Apicurio',
};

/**
 * Spellings of one Avro schema (or JSON document) that some registries tell apart: a number written as an integer
 * and as a decimal (`1`, `1.0`), custom properties in another order, a primitive as `{"type":"string"}` or `"string"`.
 */
export type Spelling = 'number' | 'property-order' | 'bare-type';

/**
 * Which spellings each product's lookup or registration tells apart (tried on the real servers, Confluent by its
 * code: docs/equality.md). Karapace's lookup finds the other number spelling, but registering it makes a new id, and
 * a serializer that auto-registers (the default) registers.
 */
const TELLS_APART: Record<Product, Spelling[]> = {
  confluent: ['number', 'property-order'],
  karapace: ['number'],
  axonops: ['bare-type'],
  apicurio: ['property-order'],
};

/** Whether `product` tells the spellings apart; undefined where the product is not known. */
export function tellsApart(product: Product | undefined, spelling: Spelling): boolean | undefined {
  return product === undefined ? undefined : TELLS_APART[product].includes(spelling);
}

export function isProduct(value: unknown): value is Product {
  return typeof value === 'string' && (PRODUCTS as string[]).includes(value);
}
