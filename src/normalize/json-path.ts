// The small JSON-path subset specs need: `$`, `.name`, `["name"]`, `[0]`, `.length`.
export function jsonPath(doc: unknown, path: string): { exists: boolean; value: unknown } {
  const tokens = path.replace(/^\$/, '').match(/\.[^.[\]]+|\[\d+\]|\["[^"]*"\]|\['[^']*'\]/g) ?? [];
  let cur: unknown = doc;
  for (const t of tokens) {
    const key = t.startsWith('.')
      ? t.slice(1)
      : t.startsWith('["') || t.startsWith("['")
        ? t.slice(2, -2)
        : Number(t.slice(1, -1));
    if (key === 'length' && Array.isArray(cur)) {
      cur = cur.length;
      continue;
    }
    if (cur === null || typeof cur !== 'object' || !(key in (cur as object)))
      return { exists: false, value: undefined };
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return { exists: true, value: cur };
}
