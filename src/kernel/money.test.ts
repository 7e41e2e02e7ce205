// Proves integer yen: range checks, exact rounded division, exact splitting and thousands formatting.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  addYen,
  divideIntegers,
  divideRounded,
  formatYen,
  MAX_YEN,
  negateYen,
  ROUNDINGS,
  type Rounding,
  splitYen,
  subtractYen,
  sumYen,
  type Yen,
  yen,
  yenFromBigInt,
} from './money.ts'

const anyYen = fc.integer({ min: -MAX_YEN, max: MAX_YEN }).map(yen)
const anyRounding = fc.constantFrom<Rounding>(...ROUNDINGS)
const abs = (n: bigint) => (n < 0n ? -n : n)

describe('yen()', () => {
  test('rejects non-integers, NaN, infinities and amounts beyond 2^51', () => {
    for (const bad of [
      1.5,
      -0.1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 53,
      2 ** 51 + 1,
      -(2 ** 51) - 1,
    ]) {
      assert.throws(() => yen(bad), { name: 'AssertionError' }, String(bad))
    }
  })

  test('accepts the bounds and normalises −0', () => {
    assert.equal(yen(2 ** 51), 2 ** 51)
    assert.equal(yen(-(2 ** 51)), -(2 ** 51))
    assert.ok(Object.is(yen(-0), 0))
    assert.equal(yenFromBigInt(-1234n), -1234)
    assert.throws(() => yenFromBigInt(2n ** 51n + 1n), { name: 'AssertionError' })
  })
})

describe('divideRounded', () => {
  test('table', () => {
    // dividend, divisor → floor, ceil, half-up, truncate
    const table: [bigint, bigint, bigint, bigint, bigint, bigint][] = [
      [7n, 2n, 3n, 4n, 4n, 3n],
      [-7n, 2n, -4n, -3n, -4n, -3n],
      [7n, -2n, -4n, -3n, -4n, -3n],
      [-7n, -2n, 3n, 4n, 4n, 3n],
      [5n, 3n, 1n, 2n, 2n, 1n],
      [4n, 3n, 1n, 2n, 1n, 1n],
      [-5n, 3n, -2n, -1n, -2n, -1n],
      [-4n, 3n, -2n, -1n, -1n, -1n],
      [6n, 3n, 2n, 2n, 2n, 2n],
      [0n, 7n, 0n, 0n, 0n, 0n],
      [1n, 10n, 0n, 1n, 0n, 0n],
      [5n, 10n, 0n, 1n, 1n, 0n],
    ]
    for (const [n, d, floor, ceil, halfUp, truncate] of table) {
      assert.equal(divideRounded(n, d, 'floor'), floor, `${n}/${d} floor`)
      assert.equal(divideRounded(n, d, 'ceil'), ceil, `${n}/${d} ceil`)
      assert.equal(divideRounded(n, d, 'half-up'), halfUp, `${n}/${d} half-up`)
      assert.equal(divideRounded(n, d, 'truncate'), truncate, `${n}/${d} truncate`)
    }
  })

  test('asserts on a zero divisor and an unknown rounding', () => {
    assert.throws(() => divideRounded(1n, 0n, 'floor'), { name: 'AssertionError' })
    assert.throws(() => divideRounded(4n, 2n, 'round' as Rounding), { name: 'AssertionError' })
  })

  test('property: each rounding brackets the exact quotient as specified', () => {
    const big = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })
    fc.assert(
      fc.property(
        big,
        big.filter((d) => d !== 0n),
        (n, d0) => {
          // Work with a positive divisor: n/d0 = (n·s)/(d0·s) with s = sign(d0).
          const [num, den] = d0 < 0n ? [-n, -d0] : [n, d0]
          const floor = divideRounded(n, d0, 'floor')
          assert.ok(floor * den <= num && num < (floor + 1n) * den)
          const ceil = divideRounded(n, d0, 'ceil')
          assert.ok((ceil - 1n) * den < num && num <= ceil * den)
          const trunc = divideRounded(n, d0, 'truncate')
          assert.equal(trunc, num >= 0n ? floor : ceil)
          const half = divideRounded(n, d0, 'half-up')
          // |num/den − half| ≤ 1/2, and an exact half goes away from zero.
          const twiceError = abs(2n * (num - half * den))
          assert.ok(twiceError <= den)
          if (twiceError === den) assert.ok(abs(half * den) > abs(num))
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('divideIntegers (safe integers, no bigint)', () => {
  test('table, up to 2^53 − 1', () => {
    // 2^53 − 1 = 9 007 199 254 740 991 = 3 × 3 002 399 751 580 330 + 1.
    const big = Number.MAX_SAFE_INTEGER
    assert.equal(divideIntegers(big, 3, 'floor'), 3_002_399_751_580_330)
    assert.equal(divideIntegers(big, 3, 'ceil'), 3_002_399_751_580_331)
    assert.equal(divideIntegers(big, 3, 'half-up'), 3_002_399_751_580_330)
    assert.equal(divideIntegers(big - 1, big, 'floor'), 0)
    assert.equal(divideIntegers(big - 1, big, 'half-up'), 1)
    assert.equal(divideIntegers(-big, 2, 'half-up'), -4_503_599_627_370_496)
    assert.equal(divideIntegers(10_000_000, 54, 'floor'), 185_185)
    assert.equal(divideIntegers(-7, 2, 'half-up'), -4)
    assert.equal(divideIntegers(-7, 2, 'floor'), -4)
    assert.equal(divideIntegers(-7, 2, 'truncate'), -3)
    assert.ok(Object.is(divideIntegers(-1, 2, 'ceil'), 0), 'no −0')
    assert.ok(Object.is(divideIntegers(0, -5, 'floor'), 0), 'no −0')
  })

  test('asserts on a zero divisor and on non-integers', () => {
    assert.throws(() => divideIntegers(1, 0, 'floor'), { name: 'AssertionError' })
    assert.throws(() => divideIntegers(1.5, 2, 'floor'), { name: 'AssertionError' })
    assert.throws(() => divideIntegers(2 ** 53, 3, 'floor'), { name: 'AssertionError' })
  })

  test('property: equals divideRounded on the same integers, for every rounding', () => {
    const safe = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    )
    fc.assert(
      fc.property(safe, safe, anyRounding, (n, d, rounding) => {
        fc.pre(d !== 0)
        const got = divideIntegers(n, d, rounding)
        assert.ok(Number.isSafeInteger(got) && !Object.is(got, -0))
        assert.equal(BigInt(got), divideRounded(BigInt(n), BigInt(d), rounding))
      }),
      { numRuns: 2000 },
    )
  })
})

describe('add / subtract / sum', () => {
  test('vectors and overflow', () => {
    assert.equal(addYen(yen(100), yen(23)), 123)
    assert.equal(subtractYen(yen(100), yen(123)), -23)
    assert.equal(negateYen(yen(5)), -5)
    assert.throws(() => addYen(yen(MAX_YEN), yen(1)), { name: 'AssertionError' })
    assert.throws(() => subtractYen(yen(-MAX_YEN), yen(1)), { name: 'AssertionError' })
    assert.equal(sumYen([]), 0)
    assert.equal(sumYen([yen(1), yen(2), yen(3)]), 6)
    // exact even when a partial sum leaves the range
    assert.equal(sumYen([yen(MAX_YEN), yen(MAX_YEN), yen(-MAX_YEN)]), MAX_YEN)
    assert.throws(() => sumYen([yen(MAX_YEN), yen(1)]), { name: 'AssertionError' })
  })

  test('property: sumYen equals the bigint sum', () => {
    fc.assert(
      fc.property(fc.array(anyYen, { maxLength: 20 }), (list) => {
        const exact = list.reduce((a, b) => a + BigInt(b), 0n)
        if (abs(exact) <= BigInt(MAX_YEN)) assert.equal(BigInt(sumYen(list)), exact)
        else assert.throws(() => sumYen(list), { name: 'AssertionError' })
      }),
    )
  })
})

describe('splitYen', () => {
  test('vectors', () => {
    assert.deepEqual(splitYen(yen(100), [1, 1, 1], 'floor'), [34, 33, 33])
    assert.deepEqual(splitYen(yen(100), [1, 1, 1], 'ceil'), [34, 33, 33])
    assert.deepEqual(splitYen(yen(100), [1, 1, 1], 'half-up'), [34, 33, 33])
    assert.deepEqual(splitYen(yen(1000), [1, 2], 'half-up'), [333, 667])
    assert.deepEqual(splitYen(yen(1000), [1, 2], 'floor'), [333, 667])
    assert.deepEqual(splitYen(yen(10), [1, 1, 1, 1], 'floor'), [3, 3, 2, 2])
    assert.deepEqual(splitYen(yen(101), [70, 20, 10], 'floor'), [71, 20, 10])
    assert.deepEqual(splitYen(yen(100), [0, 1, 0], 'floor'), [0, 100, 0])
    assert.deepEqual(splitYen(yen(-100), [1, 1, 1], 'floor'), [-33, -33, -34])
    assert.deepEqual(splitYen(yen(-100), [1, 1, 1], 'truncate'), [-33, -33, -34])
    assert.deepEqual(splitYen(yen(0), [3, 4], 'ceil'), [0, 0])
  })

  test('largest remainder goes first', () => {
    // Exact shares 14.2857…, 28.5714…, 57.1428… of 100 by 1:2:4 → floors 14, 28, 57 (one yen short);
    // the largest remainder is .5714 (the 2nd part).
    assert.deepEqual(splitYen(yen(100), [1, 2, 4], 'floor'), [14, 29, 57])
  })

  test('asserts on bad weights', () => {
    assert.throws(() => splitYen(yen(100), [], 'floor'), { name: 'AssertionError' })
    assert.throws(() => splitYen(yen(100), [0, 0], 'floor'), { name: 'AssertionError' })
    assert.throws(() => splitYen(yen(100), [1, -1, 1], 'floor'), { name: 'AssertionError' })
    assert.throws(() => splitYen(yen(100), [1.5, 1], 'floor'), { name: 'AssertionError' })
  })

  test('property: parts sum to the total, each within one yen of its exact share, zero weight → 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).map(yen),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
        anyRounding,
        (total, weights, rounding) => {
          fc.pre(weights.some((w) => w > 0))
          const parts = splitYen(total, weights, rounding)
          assert.equal(parts.length, weights.length)
          assert.equal(sumYen(parts), total)
          const W = BigInt(weights.reduce((a, b) => a + b, 0))
          parts.forEach((p, i) => {
            const w = BigInt(weights[i]!)
            // |p − total·w/W| < 1  ⇔  |p·W − total·w| < W
            assert.ok(abs(BigInt(p) * W - BigInt(total) * w) < W, `part ${i}`)
            if (w === 0n) assert.equal(p, 0)
          })
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('formatYen', () => {
  test('vectors', () => {
    const cases: [number, string][] = [
      [0, '0円'],
      [1, '1円'],
      [999, '999円'],
      [1000, '1,000円'],
      [12345, '12,345円'],
      [123456, '123,456円'],
      [1234567, '1,234,567円'],
      [-1234567, '-1,234,567円'],
      [-999, '-999円'],
      [2 ** 51, '2,251,799,813,685,248円'],
    ]
    for (const [n, s] of cases) assert.equal(formatYen(yen(n)), s)
    assert.equal(formatYen(yen(-1234567), { negative: 'triangle' }), '▲1,234,567円')
    assert.equal(formatYen(yen(1234567), { negative: 'triangle' }), '1,234,567円')
    assert.equal(formatYen(yen(1234567), { suffix: false }), '1,234,567')
    assert.equal(formatYen(yen(-5), { suffix: false, negative: 'triangle' }), '▲5')
  })

  test('property: matches Intl.NumberFormat en-US grouping (an independent oracle)', () => {
    const oracle = new Intl.NumberFormat('en-US', { useGrouping: true })
    fc.assert(
      fc.property(anyYen, (y: Yen) => {
        assert.equal(formatYen(y, { suffix: false }), oracle.format(y))
      }),
      { numRuns: 2000 },
    )
  })
})
