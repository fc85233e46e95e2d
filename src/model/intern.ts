// One string per distinct schema text across everything loaded in this process: two registries that hold the same
// schemas (the usual case when comparing) keep one copy of each text instead of two.
const texts = new Map<string, string>();

export function intern(text: string): string {
  const known = texts.get(text);
  if (known !== undefined) return known;
  texts.set(text, text);
  return text;
}
