/**
 * BibLaTeX's data inheritance (`crossref` and `xdata`), as Pandoc's citeproc applies it: a child
 * takes every field of its parent that it does not have, under the name BibLaTeX's inheritance
 * rules give it for the two entry types (a `@book`'s `title` is an `@inbook`'s `booktitle`, an
 * `@mvbook`'s its volumes' `maintitle`, a `@periodical`'s an `@article`'s `journaltitle`), except the
 * fields that are never inherited (`ids`, `crossref`, `label`, `shorthand`, …). Parents may have
 * parents; a cycle stops where it closes.
 */

/** What inheritance reads of an entry: its type, key and raw fields by lower-case name. */
export interface InheritingEntry {
  readonly type: string;
  readonly key: string;
  readonly fields: ReadonlyMap<string, string>;
}

const NEVER_INHERITED = new Set([
  'ids', 'crossref', 'xref', 'xdata', 'entryset', 'entrysubtype', 'execute', 'label', 'options', 'presort', 'related',
  'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey',
]);
const SHORT_TITLES = new Set(['shorttitle', 'sorttitle', 'indextitle', 'indexsorttitle']);

/** The names `field` of a `parent`-type entry takes in a `child`-type entry (none: not inherited). */
export function inheritedNames(parent: string, child: string, field: string): readonly string[] {
  if (NEVER_INHERITED.has(field)) return [];
  const among = (types: readonly string[], type: string): boolean => types.includes(type);
  if (field === 'author' && ((among(['mvbook', 'book'], parent) && among(['inbook', 'bookinbook', 'suppbook'], child)) || (parent === 'mvbook' && child === 'book'))) {
    return ['bookauthor', 'author'];
  }
  const titles = (prefix: string): readonly string[] =>
    field === 'title' || field === 'subtitle' || field === 'titleaddon' ? [prefix + field] : SHORT_TITLES.has(field) ? [] : [field];
  if (parent === 'mvbook' && among(['book', 'inbook', 'bookinbook', 'suppbook'], child)) return titles('main');
  if (among(['mvcollection', 'mvreference'], parent) && among(['collection', 'reference', 'incollection', 'inreference', 'suppcollection'], child)) return titles('main');
  if (parent === 'mvproceedings' && among(['proceedings', 'inproceedings'], child)) return titles('main');
  if (parent === 'book' && among(['inbook', 'bookinbook', 'suppbook'], child)) return titles('book');
  if (among(['collection', 'reference'], parent) && among(['incollection', 'inreference', 'suppcollection'], child)) return titles('book');
  if (parent === 'proceedings' && child === 'inproceedings') return titles('book');
  if (parent === 'periodical' && among(['article', 'suppperiodical'], child)) {
    return field === 'title' || field === 'subtitle' ? [`journal${field}`] : SHORT_TITLES.has(field) ? [] : [field];
  }
  return [field];
}

/** The entries with their parents' fields inherited (entries without `crossref` or `xdata` are returned as they are). */
export function inheritCrossrefs<E extends InheritingEntry>(entries: readonly E[]): E[] {
  if (!entries.some((e) => e.fields.has('crossref') || e.fields.has('xdata'))) return [...entries];
  // Keys are case-insensitive in BibLaTeX's crossref (Biber folds them); the first entry of a key wins.
  const byKey = new Map<string, E>();
  for (const entry of entries) if (!byKey.has(entry.key.toLowerCase())) byKey.set(entry.key.toLowerCase(), entry);
  const resolved = new Map<E, ReadonlyMap<string, string>>();
  const fieldsOf = (entry: E, visiting: Set<E>): ReadonlyMap<string, string> => {
    const done = resolved.get(entry);
    if (done !== undefined) return done;
    const parents = [entry.fields.get('xdata'), entry.fields.get('crossref')]
      .flatMap((value) => (value ?? '').split(','))
      .map((key) => byKey.get(key.trim().toLowerCase()))
      .filter((parent): parent is E => parent !== undefined && parent !== entry && !visiting.has(parent));
    if (parents.length === 0) return entry.fields;
    visiting.add(entry);
    const fields = new Map(entry.fields);
    for (const parent of parents) {
      for (const [name, value] of fieldsOf(parent, visiting)) {
        for (const target of inheritedNames(parent.type, entry.type, name)) if (!fields.has(target) && !NEVER_INHERITED.has(target)) fields.set(target, value);
      }
    }
    visiting.delete(entry);
    resolved.set(entry, fields);
    return fields;
  };
  return entries.map((entry) => {
    const fields = fieldsOf(entry, new Set());
    return fields === entry.fields ? entry : { ...entry, fields };
  });
}
