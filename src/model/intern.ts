// One string per distinct schema text across everything loaded in this process: two registries that hold the same
// schemas (the usual case when comparing) keep one copy of each text instead of two.
const texts = new Map<string, string>();

export function intern(text: string): string {
  const known = texts.get(text);
  if (known !== undefined) return known;
  texts.set(text, text);
  return text;
}

/** Most versions reference nothing: they share one empty list (frozen: nothing may add to another version's list). */
export const NO_REFERENCES: never[] = Object.freeze([]) as unknown as never[];

/**
 * Small JSON values held by many versions (the metadata registries add, `{"properties":{"confluent:version":"3"}}`,
 * is the same in every subject at that version) are kept once, frozen; larger ones are left as they are.
 */
const shared = new Map<string, object>();
const MAX_SHARED_TEXT = 512;

export function internJson<T extends object>(value: T): T {
  const text = JSON.stringify(value);
  if (text.length > MAX_SHARED_TEXT) return value;
  const known = shared.get(text);
  if (known !== undefined) return known as T;
  shared.set(text, deepFreeze(value));
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
