/** A business decision: either a value, or a rejection with a code from a closed union. */
export type Ok<T> = { readonly ok: true; readonly value: T }
export type Rejected<Code extends string> = { readonly ok: false; readonly code: Code }
export type Result<T, Code extends string> = Ok<T> | Rejected<Code>

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })
export const rejected = <Code extends string>(code: Code): Rejected<Code> => ({ ok: false, code })
