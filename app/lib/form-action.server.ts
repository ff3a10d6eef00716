import { json, redirect, type ActionFunctionArgs } from '@remix-run/node'
import type { z } from 'zod'
import { getActor, permittedFor } from '../auth/guards.server'
import type { Action } from '../auth/permissions'
import type { SessionUser } from '../auth/session.server'
import { getDb, type DB } from './db.server'
import { failure, parseForm, type FieldErrors, type FormFailure } from './forms'
import { formObject, type FormShape } from './form-object'
import { formOverLimit, readForm } from './request.server'

// The one action helper (issue #21). Every form post goes: permission → parse (zod) → one domain
// call → redirect with a known `done` key, or a 4xx carrying the translated field errors and the
// values the person typed. Expected failures are the domain's `{ ok: false, error, field? }`
// values; one mapping turns them into statuses (see `statusFor`).
//
// The authorisation matrix (tests/integration/security) reads the permissions from the object
// literal given to `formAction`, so they must be string literals written in place.

/** What a failed post returns to the page: the failure, which form it came from, and for which row. */
export type ActionFailure = FormFailure & {
  intent: string
  target: string
  /** Every value of the fields read as lists (checkbox groups), to tick them again. */
  lists: Record<string, string[]>
  /** When a throttled post may be tried again (the domain's `retryAfterSeconds`). */
  retryAfterSeconds?: number
}

/**
 * What a handler's domain call may return. A Response (cookie, download, redirect elsewhere) is
 * passed through. A failure's `details` list what was wrong in what was sent (the rows a file
 * import refused, the columns it lacks); they go back to the page beside the field errors, and so
 * does a throttled failure's `retryAfterSeconds` (when the person may try again).
 */
type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false
      error: string
      field?: string
      details?: Record<string, unknown>
      retryAfterSeconds?: number
    }
  | Response

type Context<Data, User> = {
  db: DB
  user: User
  data: Data
  formData: FormData
  args: ActionFunctionArgs
}

export type Handler<S extends z.ZodTypeAny | undefined, Done extends string, User = SessionUser> = {
  /** Checked after the intent is known and before anything is parsed. */
  permission: Action
  /** Set by `publicIntent` only: the permission lets anonymous visitors through (sign-up, log-in…). */
  anonymous?: boolean
  schema?: S
  /** How FormData becomes the object zod sees: fields read as lists, prefixed fields as maps. */
  shape?: FormShape
  /** Object-level checks reported together with field errors (see parseForm). */
  crossChecks?: Record<string, (raw: Record<string, unknown>) => string | undefined>
  run: (ctx: Context<S extends z.ZodTypeAny ? z.output<S> : undefined, User>) => Promise<Outcome<any>>
  /** The `?done=` key shown on the page after success; one of the route's known keys. */
  done?: Done | ((value: any, data: S extends z.ZodTypeAny ? z.output<S> : undefined) => Done)
  /** Where to go after success, when not the route's `back` (e.g. a newly created record's page). */
  redirectTo?: (value: any, data: S extends z.ZodTypeAny ? z.output<S> : undefined) => string
  /** Added to the redirect after `?done=…`: more query (`&tr=es`) or a fragment (`#agenda`). */
  suffix?: (data: S extends z.ZodTypeAny ? z.output<S> : undefined) => string
}

type AnyHandler<Done extends string> = Handler<any, Done, any>

export type FormActionSpec<Done extends string> = {
  /**
   * The weakest permission every intent needs, checked before the body is read, so an anonymous or
   * unauthorised post is refused without parsing what it carries.
   */
  permission?: Action
  /** The page to return to after success; `?done=<key>` is added. */
  back: string
  /** Known `done` keys: the page shows a success banner only for these. */
  done?: readonly Done[]
  /** Form field naming the row a form acts on (several forms per page), echoed back with failures. */
  target?: string
  /** Multipart bodies (file uploads) are read by the caller's reader. */
  readBody?: (request: Request) => Promise<FormData>
} & ({ intents: Record<string, AnyHandler<Done>> } | { handler: AnyHandler<Done> })

/**
 * Domain refusals because of who asks, not of what they sent: as a missing permission, 403 — also
 * a record that is not this person's (`not_yours`, `not_your_body`).
 */
const REFUSED = new Set(['forbidden', 'not_a_delegate'])
const NOT_YOURS = /^not_yours?(?:_|$)/
/** Too many posts in a window (a per-person or per-address limit). */
const THROTTLED = new Set(['rate_limited', 'too_many_attempts'])

/**
 * 400 for a field (or details of what was wrong in what was sent) or an invalid input (`invalid_*`),
 * 404 for a missing record, 403 for a refusal in the domain, 429 for a limit hit, 409 for a wrong
 * state — including a value someone else already holds (`identifier_taken`, `document_taken`),
 * even when it is shown beside its field.
 */
export function statusFor(error: { error: string; field?: string; details?: unknown }): number {
  if (THROTTLED.has(error.error)) return 429 // even when shown beside a field (a re-asked password)
  if (error.error.endsWith('_taken')) return 409
  if (error.field || error.details) return 400
  if (error.error === 'not_found') return 404
  if (REFUSED.has(error.error) || NOT_YOURS.test(error.error)) return 403
  if (error.error === 'unknown_intent' || error.error.startsWith('invalid_')) return 400
  return 409
}

/** Declares one intent's handler with its types inferred from its schema; the user is signed in. */
export function intent<S extends z.ZodTypeAny | undefined = undefined, Done extends string = string>(
  handler: Handler<S, Done>,
): Handler<S, Done> {
  return { ...handler, anonymous: false }
}

/** A handler whose permission admits anonymous visitors: `user` may be null. */
export function publicIntent<S extends z.ZodTypeAny | undefined = undefined, Done extends string = string>(
  handler: Handler<S, Done, SessionUser | null>,
): Handler<S, Done, SessionUser | null> {
  return { ...handler, anonymous: true }
}

function withDone(back: string, done: string, suffix: string): string {
  return `${back}${back.includes('?') ? '&' : '?'}done=${encodeURIComponent(done)}${suffix}`
}

export async function formAction<Done extends string>(
  args: ActionFunctionArgs,
  spec: FormActionSpec<Done>,
): Promise<Response> {
  const { request } = args
  // The session is read once for both checks (the route's weakest permission, then the intent's).
  const actor = await getActor(request)
  if (spec.permission) permittedFor(request, actor, spec.permission)
  const formData = spec.readBody ? await spec.readBody(request) : await readForm(request)
  // Sizes first: no schema, pattern or domain call runs on an oversized field (issue #16.1).
  const overLimit = formOverLimit(formData)
  if (overLimit) {
    const kept = new FormData()
    for (const [name, value] of formData.entries())
      if (typeof value === 'string' && value.length <= 10_000) kept.append(name, value)
    return json<ActionFailure>(
      {
        ...failure({ [overLimit.field]: 'too_long' }, kept),
        intent: String(kept.get('intent') ?? '').slice(0, 100),
        target: '',
        lists: {},
      },
      { status: 413 },
    )
  }
  const intentName = String(formData.get('intent') ?? '')
  const target = spec.target ? String(formData.get(spec.target) ?? '').slice(0, 100) : ''
  let lists: Record<string, string[]> = {}
  const fail = (failed: FormFailure, status = 400, details: Record<string, unknown> = {}) =>
    json<ActionFailure>({ ...details, ...failed, intent: intentName, target, lists }, { status })

  const handler =
    'handler' in spec
      ? spec.handler
      : Object.hasOwn(spec.intents, intentName)
        ? spec.intents[intentName]
        : undefined
  if (!handler) return fail(failure({ form: 'unknown_intent' }, formData))

  const user = permittedFor(request, actor, handler.permission)
  if (!user && !handler.anonymous) {
    // A permission open to anonymous visitors on a handler that expects a person: fail closed.
    throw redirect(`/login?redirectTo=${encodeURIComponent(new URL(request.url).pathname)}`)
  }

  lists = Object.fromEntries(
    (handler.shape?.lists ?? []).map((name) => [
      name,
      formData
        .getAll(name)
        .filter((v): v is string => typeof v === 'string')
        .slice(0, 500)
        .map((v) => v.slice(0, 200)),
    ]),
  )
  let data: unknown = undefined
  if (handler.schema) {
    const source = handler.shape ? formObject(formData, handler.shape) : formData
    const parsed = parseForm(handler.schema, source, handler.crossChecks, formData)
    if (!parsed.ok) return fail(parsed)
    data = parsed.data
  }

  const outcome = await handler.run({ db: getDb(), user: user as SessionUser, data, formData, args })
  if (outcome instanceof Response) return outcome
  if (!outcome.ok) {
    const errors: FieldErrors = { [outcome.field ?? 'form']: outcome.error }
    const { details, retryAfterSeconds } = outcome
    return fail(failure(errors, formData), statusFor(outcome), {
      ...details,
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    })
  }
  const doneKey = typeof handler.done === 'function' ? handler.done(outcome.value, data) : handler.done
  if (handler.redirectTo) return redirect(handler.redirectTo(outcome.value, data))
  const suffix = handler.suffix ? handler.suffix(data) : ''
  return redirect(doneKey ? withDone(spec.back, doneKey, suffix) : `${spec.back}${suffix}`)
}
