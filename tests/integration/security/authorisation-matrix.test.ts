import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ACTIONS, can, type Action, type Actor } from '../../../app/auth/permissions'
import type { DB } from '../../../app/lib/db.server'
import { ROLES, type Role } from '../../../db/schema'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import {
  routeGuards,
  routeParams,
  routePath,
  type RouteFunctionGuards,
  type RouteFunctionName,
} from '../../helpers/route-guards'
import { args, settle } from '../../helpers/routes'

// Issue #9 — the authorisation matrix. Every loader and action in app/routes, called as every role
// alone and as an anonymous visitor, is refused or let through exactly as `can` in the permission
// module says. Routes are enumerated from the directory and the permission each function checks is
// read from its source, so a new route is covered (or fails here) without anyone touching this file.
//
// Refused: anonymous → redirect to /login?redirectTo=…; signed in → 403 (requirePermission).
// Allowed: anything but those, and no 5xx — ids do not exist, so 404/400/409 are normal answers.

const ROUTES_DIR = fileURLToPath(new URL('../../../app/routes/', import.meta.url))
const NONEXISTENT = 'matrix-nonexistent'
const NO_INTENT = '__none__'

// Route functions that ask no permission at all, each with the reason it is safe. A function listed
// here that starts calling requirePermission fails the test (stale entry), and so does one that is
// neither guarded nor listed.
const UNGUARDED: Record<string, string> = {
  'healthz.ts#loader': 'uptime probe for load balancers: says only whether the database answers',
  'locales.$lng.$ns.ts#loader': 'public UI translation strings, fetched by the browser after hydration',
  'logout.tsx#loader': 'only redirects to / (logging out is POST-only so links cannot sign anyone out)',
  'logout.tsx#action':
    "ending the session named by the caller's own cookie must work for anyone, even with an expired session",
  'sms.delivery-report.ts#loader':
    "Kannel's delivery-report callback: the caller is the SMS gateway, authenticated by an HMAC of the message id (tests/integration/mail/sms-kannel.test.ts: a bad token is 403 and writes nothing)",
  'dev.outbox.tsx#loader':
    "open without signing in only in explicit demo mode to a loopback TCP peer (tests/integration/security/demo-mode.test.ts); otherwise it asks can(…, 'outbox.read') itself and answers 404 (tested at the end of this file)",
}

// Guards that do not go through requirePermission but ask `can` themselves and refuse differently.
const EQUIVALENT_GUARDS: Record<
  string,
  { permission: Action; refusedSignedIn: { redirectTo: string }; reason: string }
> = {
  // Someone already signed in has nothing to do on the sign-up page: it sends them home instead of
  // showing a 403 (the sign-up *action* uses requirePermission and answers 403 like everything else).
  'signup.tsx#loader': {
    permission: 'account.signUp',
    refusedSignedIn: { redirectTo: '/' },
    reason: 'signed-in people are sent home, not shown a 403',
  },
  // The link mailed by the sign-up form (#16.10): the same rule as the sign-up page.
  'signup_.confirm.$token.tsx#loader': {
    permission: 'account.signUp',
    refusedSignedIn: { redirectTo: '/' },
    reason: 'signed-in people are sent home, not shown a 403 (as on /signup)',
  },
}

// Params validated before the guard: a nonexistent value would be answered 404 for everyone
// (which reveals nothing) and the guard would never be reached, so a valid value is used.
const PARAM_OVERRIDES: Record<string, Record<string, string>> = {
  'registration.$step.tsx': { step: 'about' },
}

type Who = 'anonymous' | Role
const WHO: Who[] = ['anonymous', ...ROLES]

type Scenario = { intent: string | null; checks: Action[]; kind: 'guarded' | 'equivalent' | 'fallthrough' }
type Case = {
  file: string
  fn: RouteFunctionName
  method: 'GET' | 'POST'
  path: string
  url: string
  params: Record<string, string>
  scenarios: Scenario[]
}

const isAction = (p: string): p is Action => (ACTIONS as string[]).includes(p)

/** The requests that exercise each check: one per intent that leads to a branch's own check, plus the unconditional path. */
function scenariosOf(method: 'GET' | 'POST', analysis: RouteFunctionGuards): Scenario[] {
  const guards = analysis.guards
  const always = [...new Set(guards.filter((g) => g.intents === null).map((g) => g.permission as Action))]
  const out: Scenario[] = []
  for (const intent of [...new Set(guards.flatMap((g) => g.intents ?? []))]) {
    const first = guards.findIndex((g) => g.intents?.includes(intent))
    // Unconditional checks written before the branch run too; the branch then returns.
    const before = guards.slice(0, first).filter((g) => g.intents === null)
    const own = guards.filter((g) => g.intents?.includes(intent))
    out.push({
      intent,
      checks: [...new Set([...before, ...own].map((g) => g.permission as Action))],
      kind: 'guarded',
    })
  }
  if (method === 'GET') out.push({ intent: null, checks: always, kind: 'guarded' })
  // No intent (or an unknown one) reaches the unconditional check — or, when every check sits in an
  // intent branch, falls through to a refusal of the request itself, which must not do anything.
  else out.push({ intent: NO_INTENT, checks: always, kind: always.length ? 'guarded' : 'fallthrough' })
  return out
}

// ---- Enumerate the routes (at collection time, so every case is a named test) ----

const files = readdirSync(ROUTES_DIR)
  .filter((f) => /\.(tsx?|jsx?)$/.test(f))
  .sort()
const modules = new Map<string, Record<string, unknown>>()
const analyses = new Map<string, RouteFunctionGuards[]>()
for (const file of files) {
  modules.set(file, (await import(join(ROUTES_DIR, file))) as Record<string, unknown>)
  analyses.set(file, routeGuards(file, readFileSync(join(ROUTES_DIR, file), 'utf8')))
}

const structuralProblems = new Map<string, string[]>()
const cases: Case[] = []
for (const file of files) {
  const mod = modules.get(file)!
  const analysis = analyses.get(file)!
  const problems: string[] = []
  for (const fn of ['loader', 'action'] as const) {
    const key = `${file}#${fn}`
    const found = analysis.find((a) => a.name === fn)
    const exported = typeof mod[fn] === 'function'
    if (exported && !found) {
      problems.push(
        `${fn}: exported in a form the matrix cannot read (write \`export async function ${fn}\`)`,
      )
      continue
    }
    if (!exported) {
      if (UNGUARDED[key])
        problems.push(`${fn}: listed in UNGUARDED but the module exports no ${fn} (stale entry)`)
      continue
    }
    const a = found!
    problems.push(...a.problems.map((p) => `${fn}: ${p}`))
    for (const g of a.guards)
      if (!isAction(g.permission))
        problems.push(
          `${fn}: requirePermission asks '${g.permission}', which the permission module does not define`,
        )
    const method = fn === 'loader' ? 'GET' : 'POST'
    const path = routePath(file)
    const params = Object.fromEntries(
      routeParams(path).map((p) => [p, PARAM_OVERRIDES[file]?.[p] ?? NONEXISTENT]),
    )
    const url = path.replace(/\$([A-Za-z0-9_]+)/g, (_, p: string) => encodeURIComponent(params[p]))
    const equivalent = EQUIVALENT_GUARDS[key]
    if (UNGUARDED[key]) {
      if (a.guards.length)
        problems.push(
          `${fn}: listed in UNGUARDED but calls requirePermission('${a.guards[0].permission}') — remove the stale entry`,
        )
      continue
    }
    if (equivalent) {
      if (a.guards.length)
        problems.push(
          `${fn}: listed in EQUIVALENT_GUARDS but calls requirePermission — remove the stale entry`,
        )
      else if (!a.canChecks.includes(equivalent.permission))
        problems.push(
          `${fn}: listed in EQUIVALENT_GUARDS but no longer asks can(…, '${equivalent.permission}')`,
        )
      else
        cases.push({
          file,
          fn,
          method,
          path,
          url,
          params,
          scenarios: [{ intent: null, checks: [equivalent.permission], kind: 'equivalent' }],
        })
      continue
    }
    if (!a.guards.length) {
      problems.push(
        `${fn}: calls no requirePermission — guard it, or add '${key}' to UNGUARDED with the reason it is safe`,
      )
      continue
    }
    if (method === 'GET' && a.guards.some((g) => g.intents !== null)) {
      problems.push(`${fn}: a loader check depends on an intent; the matrix only sends intents with POST`)
      continue
    }
    if (!problems.length)
      cases.push({ file, fn, method, path, url, params, scenarios: scenariosOf(method, a) })
  }
  structuralProblems.set(file, problems)
}
for (const key of [...Object.keys(UNGUARDED), ...Object.keys(EQUIVALENT_GUARDS)]) {
  const [file] = key.split('#')
  if (!files.includes(file))
    structuralProblems.set(file, [`${key} is listed but app/routes/${file} does not exist (stale entry)`])
}

// ---- The people ----

let db: DB
const people = new Map<Who, { userId: string | null; actor: Actor }>()

beforeAll(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  people.set('anonymous', { userId: null, actor: null })
  for (const role of ROLES) {
    const user = await createUser(db, { roles: [role] })
    // Every new account is a resident; remove it so each column is the role alone (as in the unit matrix).
    if (role !== 'resident')
      await db
        .deleteFrom('user_roles')
        .where('user_id', '=', user.id)
        .where('role', '=', 'resident')
        .execute()
    const roles = (
      await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()
    ).map((r) => r.role)
    expect(roles).toEqual([role])
    people.set(role, { userId: user.id, actor: { id: user.id, roles } })
  }
})

async function call(
  c: Case,
  intent: string | null,
  who: Who,
): Promise<{ status: number; location: string | null }> {
  const fn = modules.get(c.file)![c.fn] as (a: ReturnType<typeof args>) => Promise<unknown>
  const init: RequestInit =
    c.method === 'POST' ? { method: 'POST', body: form({ intent: intent ?? NO_INTENT }) } : {}
  const result = await settle(fn(args(await requestAs(db, people.get(who)!.userId, c.url, init), c.params)))
  // A loader may return plain data (or null): that is a 200.
  return result instanceof Response
    ? { status: result.status, location: result.headers.get('Location') }
    : { status: 200, location: null }
}

const isRedirect = (status: number) => status >= 300 && status < 400

// ---- Structure: every route function is guarded or explicitly allow-listed ----

describe('route enumeration', () => {
  it('finds the route modules', () => {
    expect(files.length).toBeGreaterThan(50)
    expect(cases.length).toBeGreaterThan(50)
  })
  for (const file of [...structuralProblems.keys()].sort()) {
    it(`app/routes/${file}: every loader and action asks the permission module or is allow-listed`, () => {
      expect(structuralProblems.get(file)).toEqual([])
    })
  }
})

// ---- The matrix ----

describe('authorisation matrix', () => {
  for (const c of cases) {
    describe(`app/routes/${c.file} ${c.fn}`, () => {
      for (const s of c.scenarios) {
        const intentLabel = c.method === 'POST' ? ` [intent=${s.intent}]` : ''
        for (const who of WHO) {
          const expectedActor: Actor = who === 'anonymous' ? null : { id: who, roles: [who] }
          const refusedBy = s.checks.find((p) => !can(expectedActor, p))
          const label =
            s.kind === 'fallthrough'
              ? 'bad request (no check applies)'
              : refusedBy
                ? `refused (${refusedBy})`
                : `allowed (${s.checks.join(' + ')})`
          it(`${c.method} ${c.path}${intentLabel} as ${who} → ${label}`, async () => {
            const { actor } = people.get(who)!
            const refused = s.checks.find((p) => !can(actor, p))
            const { status, location } = await call(c, s.intent, who)
            const toLogin = isRedirect(status) && (location ?? '').startsWith('/login')
            if (s.kind === 'fallthrough') {
              // Every check of this action sits in an intent branch: an unknown intent must be
              // answered as a bad request, for everyone, without doing anything.
              expect(status, `unknown intent answered ${status}`).toBeGreaterThanOrEqual(400)
              expect(status).toBeLessThan(500)
              return
            }
            if (refused && actor === null) {
              expect(isRedirect(status), `anonymous: expected a redirect to /login, got ${status}`).toBe(true)
              expect(location).toBe(`/login?redirectTo=${encodeURIComponent(c.url)}`)
            } else if (refused && s.kind === 'equivalent') {
              const { refusedSignedIn } = EQUIVALENT_GUARDS[`${c.file}#${c.fn}`]
              expect(
                isRedirect(status),
                `expected a redirect to ${refusedSignedIn.redirectTo}, got ${status}`,
              ).toBe(true)
              expect(location).toBe(refusedSignedIn.redirectTo)
            } else if (refused) {
              expect(status, `signed in without '${refused}': expected 403`).toBe(403)
            } else {
              expect(status, `allowed but answered ${status}`).not.toBe(403)
              expect(status, 'allowed but answered 401').not.toBe(401)
              expect(toLogin, `allowed but sent to ${location}`).toBe(false)
              expect(status, `allowed but answered ${status}`).toBeLessThan(500)
            }
          })
        }
      }
    })
  }
})

// ---- The one allow-listed route with a permission of its own: the outbox in production ----

describe('dev/outbox in production', () => {
  const envModule = '../../../app/lib/env.server'
  afterAll(() => {
    vi.doUnmock(envModule)
    vi.resetModules()
  })

  it('answers 404 to everyone but admins (outbox.read), so its existence is not revealed', async () => {
    vi.resetModules()
    vi.doMock(envModule, async (importOriginal) => {
      const real = await importOriginal<typeof import('../../../app/lib/env.server')>()
      const production = {
        ...real.getEnv(),
        NODE_ENV: 'production' as const,
        DEMO_MODE: false,
        cookieSecure: false,
      }
      return { ...real, getEnv: () => production }
    })
    const { loader } = await import('../../../app/routes/dev.outbox')
    for (const who of WHO) {
      const result = await settle(loader(args(await requestAs(db, people.get(who)!.userId, '/dev/outbox'))))
      expect(result.status, who).toBe(can(people.get(who)!.actor, 'outbox.read') ? 200 : 404)
    }
  })
})
