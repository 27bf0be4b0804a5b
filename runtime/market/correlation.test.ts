import { describe, expect, it } from 'vitest';
import { cholesky, shockFactor } from './correlation.ts';
import { defaultMarketSettings } from './market-settings.ts';

describe('cholesky', () => {
  it('factors a 2 × 2 correlation: the second shock is 0.8 of the first plus √(1 − 0.64) = 0.6 of its own', () => {
    const result = cholesky([
      [1, 0.8],
      [0.8, 1],
    ]);
    if (!('factor' in result)) throw new Error('expected a factor');
    expect(result.factor[0]).toEqual([1, 0]);
    expect(result.factor[1]?.[0]).toBeCloseTo(0.8, 12);
    expect(result.factor[1]?.[1]).toBeCloseTo(0.6, 12);
  });

  it('names the row where a matrix stops being positive definite', () => {
    // A and B move together, B and C too, so A and C cannot move against each other.
    const impossible = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ];
    expect(cholesky(impossible)).toEqual({ failedRow: 2 });
  });

  it('rebuilds the bundled matrix from its factor, with NIFTY moving on its own shock', () => {
    const correlation = defaultMarketSettings().correlation!;
    const result = cholesky(correlation.matrix);
    if (!('factor' in result)) throw new Error('the bundled matrix must be positive definite');
    const L = result.factor;
    correlation.matrix.forEach((row, i) =>
      row.forEach((value, j) => {
        const product = L[i]!.reduce((sum, l, k) => sum + l * L[j]![k]!, 0);
        expect(product).toBeCloseTo(value, 12);
      }),
    );
    expect(correlation.indices[0]).toBe('NIFTY');
    expect(L[0]).toEqual([1, 0, 0, 0, 0]);
    // SENSEX: 0.98 of NIFTY's shock and √(1 − 0.98²) = √0.0396 ≈ 0.19900 of its own.
    expect(L[1]?.[1]).toBeCloseTo(0.199, 4);
  });
});

describe('shockFactor', () => {
  it('mixes in the matrix order, leaves out names it lacks, and lets unlisted names move on their own', () => {
    const correlation = {
      indices: ['NIFTY', 'SENSEX', 'BANKNIFTY'],
      matrix: [
        [1, 0.98, 0.8],
        [0.98, 1, 0.8],
        [0.8, 0.8, 1],
      ],
    };
    const { order, factor } = shockFactor(correlation, ['BANKNIFTY', 'GOLD', 'NIFTY']);
    expect(order).toEqual(['NIFTY', 'BANKNIFTY', 'GOLD']);
    expect(factor.map((row) => row.map((x) => Math.round(x * 1e12) / 1e12))).toEqual([
      [1, 0, 0],
      [0.8, 0.6, 0],
      [0, 0, 1],
    ]);
    expect(shockFactor(undefined, ['B', 'A']).order).toEqual(['B', 'A']);
  });
});
