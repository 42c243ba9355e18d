// The "Search points" box: an index ("42"), several ("3, 17, 42"), a label ("label:sandal") or a
// fragment of a file name ("cat_0"). Pure, so the rules are tested without a browser.

export interface SearchSource {
  count: number;
  labels: Int32Array | null;
  labelNames: readonly string[];
  /** Per image, its file name relative to the folder; null when the dataset has none (MNIST, IDX). */
  fileNames: readonly string[] | null;
}

export type SearchResult = { ok: true; indices: number[]; what: string } | { ok: false; message: string };

const LABEL_PREFIX = 'label:';

export function searchPoints(query: string, src: SearchSource): SearchResult {
  const q = query.trim();
  if (q === '') return { ok: false, message: 'Type an index, label:NAME or part of a file name.' };
  if (q.toLowerCase().startsWith(LABEL_PREFIX)) return byLabel(q.slice(LABEL_PREFIX.length).trim(), src);
  if (/^\d+(\s*,\s*\d+)*$/.test(q)) return byIndex(q, src.count);
  return byFileName(q, src);
}

function byIndex(q: string, count: number): SearchResult {
  const indices = [...new Set(q.split(',').map((t) => Number(t.trim())))];
  const outside = indices.find((i) => i >= count);
  if (outside !== undefined) {
    return { ok: false, message: `There is no point ${outside}: indices run from 0 to ${count - 1}.` };
  }
  return { ok: true, indices, what: indices.length === 1 ? `point ${indices[0]}` : `${indices.length} points` };
}

function byLabel(name: string, src: SearchSource): SearchResult {
  const wanted = name.toLowerCase();
  const label = src.labelNames.findIndex((n) => n.toLowerCase() === wanted);
  if (label < 0 || !src.labels) {
    const known =
      src.labelNames.length > 0 ? `Labels here: ${src.labelNames.join(', ')}.` : 'This dataset has no labels.';
    return { ok: false, message: `No label “${name}”. ${known}` };
  }
  const indices: number[] = [];
  src.labels.forEach((l, i) => {
    if (l === label) indices.push(i);
  });
  return { ok: true, indices, what: `label ${src.labelNames[label]}` };
}

function byFileName(fragment: string, src: SearchSource): SearchResult {
  if (!src.fileNames) {
    return {
      ok: false,
      message: `“${fragment}” is not an index, and this dataset has no file names: search by index or label:NAME.`,
    };
  }
  const wanted = fragment.toLowerCase();
  const indices: number[] = [];
  src.fileNames.forEach((f, i) => {
    if (f.toLowerCase().includes(wanted)) indices.push(i);
  });
  if (indices.length === 0) return { ok: false, message: `No file name contains “${fragment}”.` };
  return { ok: true, indices, what: `files matching “${fragment}”` };
}
