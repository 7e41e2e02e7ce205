/**
 * The shared kernel's public surface. Everything here is pure except `id.ts` (node:crypto for
 * random bytes) and `clock.ts`'s `systemClock`; browser code should import the individual files
 * (date, money, rate, text, wareki, …) rather than this index.
 */
export * from './assert.ts'
export * from './calendar.ts'
export * from './clock.ts'
export * from './corporate-number.ts'
export * from './date.ts'
export * from './errors.ts'
export * from './id.ts'
export * from './money.ts'
export * from './municipality-code.ts'
export * from './rate.ts'
export * from './result.ts'
export * from './text.ts'
export * from './wareki.ts'
export * from './zengin.ts'
