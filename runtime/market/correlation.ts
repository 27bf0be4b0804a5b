/**
 * Correlated random shocks for the synthetic market. With a correlation matrix C = L·Lᵀ (L its Cholesky
 * factor, lower-triangular), independent standard normals z give e = L·z with corr(eᵢ, eⱼ) = Cᵢⱼ. The first
 * index's shock is its own z alone; each next one mixes in those before it.
 */

/** Smallest pivot accepted: a matrix closer than this to singular makes some index a copy of the others. */
const MIN_PIVOT = 1e-9;

/**
 * The Cholesky factor L of a symmetric matrix (L·Lᵀ = matrix), or, when the matrix is not positive
 * definite, the first row whose pivot is not positive: no set of indices can have those correlations together.
 */
export function cholesky(matrix: readonly (readonly number[])[]): { factor: number[][] } | { failedRow: number } {
  const n = matrix.length;
  const factor = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const row = factor[i]!;
    for (let j = 0; j <= i; j++) {
      const other = factor[j]!;
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= row[k]! * other[k]!;
      if (i === j) {
        if (!(sum > MIN_PIVOT)) return { failedRow: i };
        row[i] = Math.sqrt(sum);
      } else row[j] = sum / other[j]!;
    }
  }
  return { factor };
}

export interface Correlation {
  /** The indices the matrix is about, in the order the shocks are mixed. */
  indices: readonly string[];
  /** Symmetric, 1 on the diagonal, positive definite (checked when the settings are read). */
  matrix: readonly (readonly number[])[];
}

/**
 * The order of `names` the shocks are mixed in (the matrix's own order, then names it does not list, which
 * move independently) and the Cholesky factor of their correlations in that order. A name the matrix lists
 * but `names` lacks is left out: a principal part of a positive-definite matrix is positive definite too.
 */
export function shockFactor(correlation: Correlation | undefined, names: readonly string[]): { order: string[]; factor: number[][] } {
  const listed = correlation?.indices.filter((i) => names.includes(i)) ?? [];
  const order = [...listed, ...names.filter((n) => !listed.includes(n))];
  const at = (name: string) => correlation?.indices.indexOf(name) ?? -1;
  const matrix = order.map((a, i) =>
    order.map((b, j) => {
      if (i === j) return 1;
      const [ia, ib] = [at(a), at(b)];
      return ia < 0 || ib < 0 ? 0 : (correlation?.matrix[ia]?.[ib] ?? 0);
    }),
  );
  const result = cholesky(matrix);
  if ('failedRow' in result) throw new Error(`unreachable: the correlations of ${order.join(', ')} were checked positive definite when read`);
  return { order, factor: result.factor };
}
