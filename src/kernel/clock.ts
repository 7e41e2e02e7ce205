/**
 * The only source of "now". Domain code receives a Clock; tests pass a fixed one.
 * Business dates are computed in the corporation's time zone (Asia/Tokyo), never the machine's.
 */
import type { LocalDate } from './date.ts'

export type Clock = {
  /** The current instant. */
  now(): Date
  /** Today's business date in Japan, as 'YYYY-MM-DD'. */
  today(): LocalDate
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000

/** The calendar date in Japan (UTC+9, no daylight saving) at an instant. */
export function japanDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10) as LocalDate
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => japanDateOf(new Date()),
}

/** A clock stopped at `iso` (an instant such as '2025-04-01T00:00:00Z'), for tests. */
export function fixedClock(iso: string): Clock {
  const instant = new Date(iso)
  return { now: () => new Date(instant), today: () => japanDateOf(instant) }
}
