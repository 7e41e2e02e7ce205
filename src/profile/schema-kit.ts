/**
 * The small TypeBox vocabulary every profile schema shares: closed objects, unions of literals,
 * non-empty text, ISO dates and whole yen. One definition, so all profile files agree on them.
 */
import { type TLiteral, type TProperties, type TUnion, Type } from '@sinclair/typebox'

/** An object that refuses unknown fields (a typo in the YAML is an error, not ignored). */
export const closed = <T extends TProperties>(properties: T) =>
  Type.Object(properties, { additionalProperties: false })

/** A union of string literals. TypeBox cannot infer it from a mapped tuple; the cast restores the types. */
export const literals = <const T extends readonly [string, ...string[]]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiteral<T[number]>[]>

export const Text = Type.String({ minLength: 1 })
export const Texts = Type.Array(Text)
/** Where a value comes from: a seed section with line numbers, or a named public source. */
export const Source = Type.String({ minLength: 1 })
export const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
/** Whole yen, not negative. */
export const Yen = Type.Integer({ minimum: 0 })
