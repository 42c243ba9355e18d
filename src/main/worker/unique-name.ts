// Model names are unique in the store, so the list can tell two models apart: a name already taken
// gets the first free " (n)" suffix instead of being refused (the user asked to save; refusing
// would only make them invent a name). Compared ignoring case and surrounding spaces, since
// "Digits" and "digits " read as the same name in a list.

const SUFFIX = / \((\d+)\)$/;

export function uniqueName(wanted: string, taken: readonly string[]): string {
  const key = (n: string): string => n.trim().toLowerCase();
  const used = new Set(taken.map(key));
  const name = wanted.trim();
  if (!used.has(key(name))) return name;
  const base = name.replace(SUFFIX, '');
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!used.has(key(candidate))) return candidate;
  }
}
