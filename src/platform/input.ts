/**
 * Checking JSON input against a TypeBox schema outside HTTP (the CLI), with the same field
 * naming and messages as the HTTP API's schema errors: the first problem names the field.
 */
import type { TSchema } from '@sinclair/typebox'
import { Value, type ValueError, ValueErrorType } from '@sinclair/typebox/value'
import { type FieldProblem, InputError } from '../kernel/errors.ts'

function describe(error: ValueError): FieldProblem {
  const field = error.path.replace(/^\//, '').replaceAll('/', '.') || '(input)'
  const schema = error.schema as { minimum?: number; maximum?: number; pattern?: string }
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return { field, message: { ja: '必須項目です。', en: 'is required.' } }
    case ValueErrorType.ObjectAdditionalProperties:
      return { field, message: { ja: '不明な項目です。', en: 'is not a known field.' } }
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return {
        field,
        message: { ja: `${schema.minimum}以上にしてください。`, en: `must be ≥ ${schema.minimum}.` },
      }
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return {
        field,
        message: { ja: `${schema.maximum}以下にしてください。`, en: `must be ≤ ${schema.maximum}.` },
      }
    case ValueErrorType.Integer:
      return { field, message: { ja: '整数で指定してください。', en: 'must be an integer.' } }
    case ValueErrorType.StringPattern:
      return {
        field,
        message: { ja: '形式が正しくありません。', en: `has the wrong format (${schema.pattern}).` },
      }
    case ValueErrorType.Union:
      return { field, message: { ja: '許されない値です。', en: 'is not an allowed value.' } }
    default:
      return { field, message: { ja: `値が正しくありません（${error.message}）。`, en: `${error.message}.` } }
  }
}

/** Returns `data` typed by `schema`, or throws InputError listing every problem (first one first). */
export function checkInput<T extends TSchema>(
  schema: T,
  data: unknown,
): import('@sinclair/typebox').Static<T> {
  if (Value.Check(schema, data)) return data
  // Required-property and unknown-field errors say more than the union noise that follows them.
  const errors = [...Value.Errors(schema, data)]
  const ordered = [
    ...errors.filter((e) => e.type !== ValueErrorType.Union),
    ...errors.filter((e) => e.type === ValueErrorType.Union),
  ]
  throw new InputError('invalid_input', ordered.map(describe))
}

/** Parses JSON text; a syntax error is bad input. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InputError('malformed_json', [
      {
        field: '(input)',
        message: {
          ja: `JSONとして読めません（${(error as Error).message}）。`,
          en: `is not valid JSON (${(error as Error).message}).`,
        },
      },
    ])
  }
}
