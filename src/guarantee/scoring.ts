/**
 * A transparent scoring of the financial statements that PROPOSES a 料率区分 (tier 1–9).
 *
 * A placeholder for the CRD (Credit Risk Database) model the corporations actually use: it is not
 * calibrated on default data and must not be read as a probability of default. Staff confirm or
 * override the proposal (stored with who did it and the closing period used). Every point it gives
 * is listed with its reason, so a proposal can be checked by hand. Pure; integer arithmetic only.
 *
 * Points (0–100), from the latest closing (and the one before it for the trend):
 *  - 純資産 relative to 売上高 (max 40): negative → 0; ≥ 50% → 40; ≥ 30% → 32; ≥ 15% → 24;
 *    ≥ 5% → 16; otherwise 8.
 *  - (経常利益 + 減価償却費) relative to 売上高 (max 40): negative → 0; ≥ 10% → 40; ≥ 6% → 32;
 *    ≥ 3% → 24; ≥ 1% → 16; otherwise 8.
 *  - 売上高 trend against the previous closing (max 10): not lower → 10; down at most 10% → 5;
 *    down more → 0; no previous closing → 5.
 *  - Track record (max 10): three or more closings → 10; two → 6; one → 3.
 * A ratio over sales of zero or less counts as the lowest non-negative band.
 * Tier: score ≥ 90 → 1, ≥ 80 → 2, ≥ 70 → 3, ≥ 60 → 4, ≥ 50 → 5, ≥ 40 → 6, ≥ 30 → 7, ≥ 20 → 8, else 9.
 */
import type { Message } from '../kernel/errors.ts'

export type StatementFigures = {
  readonly fiscalPeriodEnd: string
  readonly netAssetsYen: number
  readonly ordinaryProfitPlusDepreciationYen: number
  readonly salesYen: number
}

export type ScorePart = {
  readonly code: string
  readonly points: number
  readonly max: number
  readonly message: Message
}

export type TierProposal = {
  readonly tier: number
  readonly score: number
  /** The closing the proposal rests on (the latest). */
  readonly periodEnd: string
  readonly parts: readonly ScorePart[]
  readonly method: string
}

export const SCORING_METHOD = 'cgc-placeholder-2025.1 (not CRD)'

/** `part / whole ≥ percent / 100` without division; whole ≤ 0 never passes. */
const atLeast = (part: number, whole: number, percent: number) => whole > 0 && part * 100 >= whole * percent

function ratioPoints(value: number, sales: number, bands: readonly [number, number][]): number {
  if (value < 0) return 0
  for (const [percent, points] of bands) if (atLeast(value, sales, percent)) return points
  return 8
}

const EQUITY_BANDS: readonly [number, number][] = [
  [50, 40],
  [30, 32],
  [15, 24],
  [5, 16],
]
const CASH_FLOW_BANDS: readonly [number, number][] = [
  [10, 40],
  [6, 32],
  [3, 24],
  [1, 16],
]

export function tierOfScore(score: number): number {
  for (let tier = 1; tier <= 8; tier++) if (score >= 100 - tier * 10) return tier
  return 9
}

/** The proposal for statements in any order; null when there is no closing to score. */
export function proposeTier(statements: readonly StatementFigures[]): TierProposal | null {
  const sorted = [...statements].sort((a, b) => (a.fiscalPeriodEnd < b.fiscalPeriodEnd ? 1 : -1))
  const latest = sorted[0]
  if (latest === undefined) return null
  const previous = sorted[1]
  const equity = ratioPoints(latest.netAssetsYen, latest.salesYen, EQUITY_BANDS)
  const cashFlow = ratioPoints(latest.ordinaryProfitPlusDepreciationYen, latest.salesYen, CASH_FLOW_BANDS)
  let trend = 5
  if (previous !== undefined) {
    if (latest.salesYen >= previous.salesYen) trend = 10
    else if (latest.salesYen * 10 >= previous.salesYen * 9) trend = 5
    else trend = 0
  }
  const track = sorted.length >= 3 ? 10 : sorted.length === 2 ? 6 : 3
  const parts: ScorePart[] = [
    {
      code: 'net_assets_to_sales',
      points: equity,
      max: 40,
      message: {
        ja: `純資産 ${latest.netAssetsYen}円 / 売上高 ${latest.salesYen}円 → ${equity}点`,
        en: `Net assets ${latest.netAssetsYen} yen over sales ${latest.salesYen} yen → ${equity} points`,
      },
    },
    {
      code: 'cash_flow_to_sales',
      points: cashFlow,
      max: 40,
      message: {
        ja: `経常利益＋減価償却費 ${latest.ordinaryProfitPlusDepreciationYen}円 / 売上高 → ${cashFlow}点`,
        en: `Ordinary profit plus depreciation ${latest.ordinaryProfitPlusDepreciationYen} yen over sales → ${cashFlow} points`,
      },
    },
    {
      code: 'sales_trend',
      points: trend,
      max: 10,
      message:
        previous === undefined
          ? { ja: `前期の決算がないため ${trend}点`, en: `No previous closing: ${trend} points` }
          : {
              ja: `売上高 ${previous.salesYen}円 → ${latest.salesYen}円: ${trend}点`,
              en: `Sales ${previous.salesYen} → ${latest.salesYen} yen: ${trend} points`,
            },
    },
    {
      code: 'track_record',
      points: track,
      max: 10,
      message: {
        ja: `決算 ${sorted.length}期分: ${track}点`,
        en: `${sorted.length} closing(s): ${track} points`,
      },
    },
  ]
  const score = equity + cashFlow + trend + track
  return { tier: tierOfScore(score), score, periodEnd: latest.fiscalPeriodEnd, parts, method: SCORING_METHOD }
}
