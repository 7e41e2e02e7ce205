/**
 * Errors to the outside world as RFC 9457 problem+json, with a stable `code` and the message in
 * Japanese and English. The order of precedence: schema validation (400) → InputError (400) →
 * DomainError (its status) → Fastify's own client errors (4xx) → anything else (500, logged).
 */
import { Type } from '@sinclair/typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError, type FieldProblem, InputError, type Message } from '../../kernel/errors.ts'

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    messages: Type.Object({ ja: Type.String(), en: Type.String() }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          messages: Type.Object({ ja: Type.String(), en: Type.String() }),
        }),
      ),
    ),
    instance: Type.Optional(Type.String()),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details, with messages in Japanese and English' },
)

/** The problem+json responses a route documents, by status: `problemResponses(400, 404, 409)`. */
export function problemResponses<S extends number>(...statuses: S[]): Record<S, ReturnType<typeof Type.Ref>> {
  return Object.fromEntries(statuses.map((status) => [status, Type.Ref(ProblemSchema)])) as Record<
    S,
    ReturnType<typeof Type.Ref>
  >
}

/** Path parameters `{ id }` of a uuid entity. */
export const UuidIdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
)

export type Problem = {
  type: string
  title: string
  status: number
  code: string
  detail: string
  messages: Message
  errors?: { field: string; messages: Message }[]
  instance?: string
}

const TITLES: Record<number, Message> = {
  400: { ja: '入力が正しくありません', en: 'Bad request' },
  401: { ja: '認証が必要です', en: 'Unauthorized' },
  403: { ja: '権限がありません', en: 'Forbidden' },
  404: { ja: '見つかりません', en: 'Not found' },
  405: { ja: '許可されていない操作です', en: 'Method not allowed' },
  409: { ja: '競合が発生しました', en: 'Conflict' },
  413: { ja: '要求が大きすぎます', en: 'Payload too large' },
  415: { ja: '対応していない形式です', en: 'Unsupported media type' },
  422: { ja: '処理できません', en: 'Unprocessable' },
  500: { ja: 'システムエラー', en: 'Internal server error' },
  503: { ja: '一時的に利用できません', en: 'Service unavailable' },
}

export function preferredLocale(request: FastifyRequest): 'ja' | 'en' {
  const header = request.headers['accept-language'] ?? ''
  return /^\s*en\b/i.test(header) ? 'en' : 'ja'
}

export function problem(
  request: FastifyRequest,
  status: number,
  code: string,
  messages: Message,
  fieldProblems?: readonly FieldProblem[],
): Problem {
  const locale = preferredLocale(request)
  const title = TITLES[status] ?? TITLES[500] ?? { ja: 'エラー', en: 'Error' }
  const body: Problem = {
    type: `urn:cgc:problem:${code}`,
    title: title[locale],
    status,
    code,
    detail: messages[locale],
    messages,
    instance: request.id,
  }
  if (fieldProblems !== undefined && fieldProblems.length > 0) {
    body.errors = fieldProblems.map((p) => ({ field: p.field, messages: p.message }))
  }
  return body
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body)
}

type AjvError = {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
}

/** One ajv error → the field it concerns and a sentence in both languages. */
export function describeValidationError(context: string, error: AjvError): FieldProblem {
  // Body fields are named as the client wrote them ('amountYen'), like the CLI and the domain's
  // InputErrors do; query and path parameters keep their context ('querystring.limit').
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.')
  const prefix = context === 'body' ? '' : context
  const join = (a: string, b: string) => (a === '' ? b : b === '' ? a : `${a}.${b}`)
  const base = join(prefix, path) || context
  const p = error.params
  switch (error.keyword) {
    case 'required':
      return {
        field: join(join(prefix, path), String(p.missingProperty)),
        message: { ja: '必須項目です。', en: 'is required.' },
      }
    case 'additionalProperties':
      return {
        field: join(join(prefix, path), String(p.additionalProperty)),
        message: { ja: '不明な項目です。', en: 'is not a known field.' },
      }
    case 'type':
      return {
        field: base,
        message: { ja: `型が違います（${String(p.type)}）。`, en: `must be of type ${String(p.type)}.` },
      }
    case 'pattern':
    case 'format':
      return { field: base, message: { ja: '形式が正しくありません。', en: 'has the wrong format.' } }
    case 'minLength':
      return {
        field: base,
        message: {
          ja: `${String(p.limit)}文字以上で入力してください。`,
          en: `must have at least ${String(p.limit)} characters.`,
        },
      }
    case 'maxLength':
      return {
        field: base,
        message: {
          ja: `${String(p.limit)}文字以内で入力してください。`,
          en: `must have at most ${String(p.limit)} characters.`,
        },
      }
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        field: base,
        message: { ja: `${String(p.limit)}以上にしてください。`, en: `must be ≥ ${String(p.limit)}.` },
      }
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        field: base,
        message: { ja: `${String(p.limit)}以下にしてください。`, en: `must be ≤ ${String(p.limit)}.` },
      }
    case 'enum':
    case 'const':
    case 'anyOf':
      return { field: base, message: { ja: '許されない値です。', en: 'is not an allowed value.' } }
    default:
      return { field: base, message: { ja: '値が正しくありません。', en: error.message ?? 'is not valid.' } }
  }
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation !== undefined) {
    const context = error.validationContext ?? 'body'
    const problems = (error.validation as AjvError[]).map((e) => describeValidationError(context, e))
    const first = problems[0]
    return sendProblem(
      reply,
      problem(
        request,
        400,
        'invalid_input',
        {
          ja: `入力が正しくありません: ${first?.field ?? context} ${first?.message.ja ?? ''}`.trim(),
          en: `Invalid input: ${first?.field ?? context} ${first?.message.en ?? ''}`.trim(),
        },
        problems,
      ),
    )
  }
  if (error instanceof InputError) {
    const first = error.problems[0]
    return sendProblem(
      reply,
      problem(
        request,
        400,
        error.code,
        {
          ja: `入力が正しくありません: ${first?.field ?? ''} ${first?.message.ja ?? ''}`.trim(),
          en: `Invalid input: ${first?.field ?? ''} ${first?.message.en ?? ''}`.trim(),
        },
        error.problems,
      ),
    )
  }
  if (error instanceof DomainError) {
    return sendProblem(reply, problem(request, error.status, error.code, error.messages))
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    const code = status === 400 ? 'malformed_request' : `http_${status}`
    return sendProblem(
      reply,
      problem(request, status, code, {
        ja:
          status === 400
            ? `要求の形式が正しくありません（${error.message}）。`
            : (TITLES[status]?.ja ?? 'エラー'),
        en: status === 400 ? `The request is malformed (${error.message}).` : error.message,
      }),
    )
  }
  request.log.error({ err: error }, 'unhandled error')
  return sendProblem(
    reply,
    problem(request, 500, 'internal_error', {
      ja: 'システムエラーが発生しました。時間をおいて再度お試しください。',
      en: 'An internal error occurred. Please try again later.',
    }),
  )
}
