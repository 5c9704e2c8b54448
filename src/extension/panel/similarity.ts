/** Cosine similarity of every pair of vectors: what the task panel shows for embeddings. Pure. */

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0; let na = 0; let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** The symmetric matrix of cosines (1 on the diagonal for any non-zero vector), rounded to 4 places. */
export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const m = vectors.map(() => vectors.map(() => 0));
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i; j < vectors.length; j++) {
      const c = Math.round(cosine(vectors[i], vectors[j]) * 10_000) / 10_000;
      m[i][j] = c; m[j][i] = c;
    }
  }
  return m;
}
