/**
 * `POST /api/v1/calc/<name>`: the calculators of calc.ts for any logged-in staff user. The body is
 * the calculator's request (TypeBox: unknown fields and wrong types are 400 naming the field); the
 * domain checks that follow (an unknown insurance class, a payment date before the due date …) are
 * 400 naming the field too. Nothing is stored.
 */
import { type Static, Type } from '@sinclair/typebox'
import { STAFF_ROLES } from '../access/access.ts'
import { problemResponses } from '../platform/http/problem.ts'
import { type AppDeps, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { CALCULATOR_NAMES, CALCULATORS } from './calc.ts'

const problems = problemResponses(400, 401, 403)

const Step = Type.Object(
  { code: Type.String(), rule: Type.String(), source: Type.String() },
  { additionalProperties: true },
)
const Result = Type.Object({ steps: Type.Array(Step) }, { additionalProperties: true })

export async function calcRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  for (const name of CALCULATOR_NAMES) {
    const calc = CALCULATORS[name]
    app.post(
      `/api/v1/calc/${name}`,
      {
        preValidation: requireAuth(STAFF_ROLES),
        schema: {
          tags: ['calc'],
          summary: calc.summary,
          body: calc.schema,
          response: { 200: Result, ...problems },
        },
      },
      // The body passed the calculator's own schema above; every calculator answers an object with steps.
      async (request) => {
        const run = calc.run as (input: unknown, profile: AppDeps['profile']) => unknown
        return run(request.body, deps.profile) as Static<typeof Result>
      },
    )
  }
}
