import { beforeEach, describe, expect, it } from 'vitest'
import { validateSessionToken } from '../../../app/auth/session.server'
import type { DB } from '../../../app/lib/db.server'
import {
  issuePaperCode,
  MAX_ATTEMPTS,
  PAPER_CODE_TTL_MS,
  purgeClaimCodes,
  redeemClaimCode,
  requestClaimCode,
  SENT_CODE_TTL_MS,
  type ClaimAccount,
} from '../../../app/registration/claim.server'
import { createAccountAtDesk } from '../../../app/registration/desk-account.server'
import { eraseRegistrationsOfUser } from '../../../app/registration/privacy.server'
import { createRegistration } from '../../../app/registration/registrations.server'
import { decideRegistration } from '../../../app/registration/review.server'
import { action as claimAction } from '../../../app/routes/registration.claim'
import { action as reviewAction } from '../../../app/routes/staff.registrations.$id._index'
import { action as receiptAction } from '../../../app/routes/staff.registrations.$id.receipt'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle, registrationInput } from '../../helpers/registration'
import { routeContext, settle } from '../../helpers/routes'

// Issue #18: a registration taken at a desk (or imported) is claimed online with protocol, document
// and birth date, then a one-time code; or the desk creates the account. ADR 021.
let db: DB
let staff: { id: string }
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
  staff = await createUser(db, { roles: ['secretariat'] })
})

let n = 0
/** A desk registration, approved unless told otherwise, with an e-mail contact unless told. */
async function deskRegistration({
  email: given,
  phone,
  approve = true,
}: { email?: string | null; phone?: string; approve?: boolean } = {}) {
  const email = given === undefined ? `desk${++n}@example.org` : (given ?? undefined)
  const input = registrationInput({ email, phone, preferredLanguage: 'fr' })
  const created = await createRegistration(db, { input, channel: 'assisted', registeredBy: staff.id })
  if (!created.ok) throw new Error(created.error)
  if (approve)
    await decideRegistration(db, {
      actorUserId: staff.id,
      registrationId: created.value.id,
      decision: { intent: 'approve' },
    })
  return {
    id: created.value.id,
    email,
    facts: {
      protocol: created.value.protocol.toLowerCase(), // typed as read: normalised on look-up
      documentNumber: input.documentNumber.split('').join(' '), // spaces as on paper
      birthDate: input.birthDate,
    },
  }
}

const address = '198.51.100.7'
const lastCode = async () => {
  const rows = await db.selectFrom('outbox').select(['body', 'to_address', 'language', 'channel']).execute()
  const last = rows.filter((r) => /\b\d{6}\b/.test(r.body ?? '')).at(-1)!
  return { ...last, code: /\b(\d{6})\b/.exec(last.body)![1]! }
}
const newAccount = (identifier: string): ClaimAccount => ({
  kind: 'new',
  identifier,
  displayName: 'Amélie',
  password: 'long enough pw',
  preferredLanguage: 'fr',
  origin: 'http://localhost',
})
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')
const userOf = async (registrationId: string) =>
  (
    await db
      .selectFrom('voter_registrations')
      .select('user_id')
      .where('id', '=', registrationId)
      .executeTakeFirstOrThrow()
  ).user_id
const rolesOf = async (userId: string) =>
  (await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map(
    (r) => r.role,
  )
const auditActions = async () =>
  (await db.selectFrom('audit_log').select(['action', 'actor_user_id', 'entity_id']).execute()).filter(
    (a) => a.action.startsWith('registration.claim') || a.action === 'registration.account.create',
  )

describe('claiming with a sent code', () => {
  it('sends a code to the registration’s e-mail in its language, and the right code creates the account, links it and makes a voter', async () => {
    const reg = await deskRegistration()
    const sent = await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    expect(sent).toEqual({ ok: true, value: { sentTo: expect.stringMatching(/^d•••@example\.org$/) } })
    const mail = await lastCode()
    expect(mail.to_address).toBe(reg.email)
    expect(mail.language).toBe('fr')
    expect(mail.body).toContain('Mutirão : votre code est')
    const stored = await db.selectFrom('registration_claim_codes').selectAll().executeTakeFirstOrThrow()
    expect(stored.code_hash).not.toContain(mail.code) // hashed at rest
    expect(stored.channel).toBe('email')

    const redeemed = await redeemClaimCode(db, {
      ...reg.facts,
      code: mail.code,
      clientAddress: address,
      account: newAccount(reg.email!.toUpperCase()),
    })
    expect(redeemed.ok).toBe(true)
    if (!redeemed.ok || redeemed.value.outcome !== 'linked') throw new Error('not linked')
    expect(await userOf(reg.id)).toBe(redeemed.value.userId)
    expect(await rolesOf(redeemed.value.userId)).toEqual(expect.arrayContaining(['resident', 'voter']))
    const session = await validateSessionToken(db, { token: redeemed.value.session!.token })
    expect(session?.user.id).toBe(redeemed.value.userId)
    expect(await auditActions()).toContainEqual(
      expect.objectContaining({ action: 'registration.claim', entity_id: reg.id }),
    )
    // Single use: the same code again changes nothing.
    const again = await redeemClaimCode(db, {
      ...reg.facts,
      code: mail.code,
      clientAddress: address,
      account: newAccount(reg.email!),
    })
    expect(again).toEqual({ ok: false, error: 'already_claimed' })
  })

  it('a pending registration is linked without the voter role', async () => {
    const reg = await deskRegistration({ approve: false })
    await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    const user = await createUser(db)
    const redeemed = await redeemClaimCode(db, {
      ...reg.facts,
      code: (await lastCode()).code,
      clientAddress: address,
      account: { kind: 'existing', userId: user.id },
    })
    expect(redeemed.ok).toBe(true)
    expect(await userOf(reg.id)).toBe(user.id)
    expect(await rolesOf(user.id)).not.toContain('voter')
  })

  it('answers not_found for a wrong document, protocol or birth date, and throttles the protocol', async () => {
    const reg = await deskRegistration()
    const before = (await db.selectFrom('outbox').selectAll().execute()).length
    for (const facts of [
      { ...reg.facts, documentNumber: 'ZZ999999' },
      { ...reg.facts, birthDate: '1991-05-10' },
      { ...reg.facts, protocol: 'CMI-2026-AAAA-BBBB' },
    ])
      expect(await requestClaimCode(db, { ...facts, clientAddress: address })).toEqual({
        ok: false,
        error: 'not_found',
      })
    expect(await db.selectFrom('outbox').selectAll().execute()).toHaveLength(before)
    // Guessing one person's document from many addresses: the protocol waits.
    for (let i = 0; i < 6; i++)
      await requestClaimCode(db, {
        ...reg.facts,
        documentNumber: `ZZ${i}0000`,
        clientAddress: `203.0.113.${i}`,
      })
    const throttled = await requestClaimCode(db, { ...reg.facts, clientAddress: '203.0.113.99' })
    expect(throttled).toMatchObject({ ok: false, error: 'too_many_attempts' })
  })

  it('a wrong code counts; after five the code is void and even the right one fails', async () => {
    const reg = await deskRegistration()
    await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    const { code } = await lastCode()
    const user = await createUser(db)
    const now = new Date()
    const attempt = (c: string, at = now) =>
      redeemClaimCode(db, {
        ...reg.facts,
        code: c,
        clientAddress: address,
        account: { kind: 'existing', userId: user.id },
        // Past the per-protocol delay between tries: the code's own count is what is tested.
        now: at,
      })
    const results = []
    for (let i = 0; i < MAX_ATTEMPTS; i++)
      results.push(await attempt(wrong(code), new Date(now.getTime() + i * 61_000)))
    expect(results.slice(0, MAX_ATTEMPTS - 1).every((r) => !r.ok && r.error === 'claim_code_wrong')).toBe(
      true,
    )
    expect(results.at(-1)).toEqual({ ok: false, error: 'claim_code_void', field: 'code' })
    expect(await attempt(code, new Date(now.getTime() + 10 * 61_000))).toEqual({
      ok: false,
      error: 'claim_code_void',
      field: 'code',
    })
    expect(await userOf(reg.id)).toBeNull()
  })

  it('fifty wrong tries at once count at most five, and the right code afterwards is refused (void)', async () => {
    const reg = await deskRegistration({ email: null })
    const t0 = new Date()
    const issued = await issuePaperCode(db, { actorUserId: staff.id, registrationId: reg.id, now: t0 })
    if (!issued.ok) throw new Error(issued.error)
    const code = issued.value.code
    const user = await createUser(db)
    const attempt = (c: string, at: Date) =>
      redeemClaimCode(db, {
        ...reg.facts,
        code: c,
        clientAddress: address,
        account: { kind: 'existing', userId: user.id },
        now: at,
      })
    // Each try past the per-protocol delay: the code's own count is what decides here.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => attempt(wrong(code), new Date(t0.getTime() + (i + 1) * 61_000))),
    )
    expect(results.every((r) => !r.ok)).toBe(true)
    // A wrong try told "wrong" (not "void") was compared with tries left: at most four of them.
    expect(results.filter((r) => !r.ok && r.error === 'claim_code_wrong').length).toBeLessThanOrEqual(
      MAX_ATTEMPTS - 1,
    )
    const stored = await db
      .selectFrom('registration_claim_codes')
      .select('attempts')
      .executeTakeFirstOrThrow()
    expect(stored.attempts).toBe(MAX_ATTEMPTS)
    expect(await attempt(code, new Date(t0.getTime() + 3 * 60 * 60_000))).toEqual({
      ok: false,
      error: 'claim_code_void',
      field: 'code',
    })
    expect(await userOf(reg.id)).toBeNull()
  })

  it('the right code does not use up a try: four wrong, then right, links', async () => {
    const reg = await deskRegistration({ email: null })
    const t0 = new Date()
    const issued = await issuePaperCode(db, { actorUserId: staff.id, registrationId: reg.id, now: t0 })
    if (!issued.ok) throw new Error(issued.error)
    const user = await createUser(db)
    const attempt = (c: string, i: number) =>
      redeemClaimCode(db, {
        ...reg.facts,
        code: c,
        clientAddress: address,
        account: { kind: 'existing', userId: user.id },
        now: new Date(t0.getTime() + i * 61_000),
      })
    for (let i = 1; i < MAX_ATTEMPTS; i++) expect((await attempt(wrong(issued.value.code), i)).ok).toBe(false)
    expect((await attempt(issued.value.code, MAX_ATTEMPTS)).ok).toBe(true)
    expect(await userOf(reg.id)).toBe(user.id)
  })

  it('an expired code is refused', async () => {
    const reg = await deskRegistration()
    const sentAt = new Date()
    await requestClaimCode(db, { ...reg.facts, clientAddress: address, now: sentAt })
    const user = await createUser(db)
    const late = new Date(sentAt.getTime() + SENT_CODE_TTL_MS + 1000)
    expect(
      await redeemClaimCode(db, {
        ...reg.facts,
        code: (await lastCode()).code,
        clientAddress: address,
        account: { kind: 'existing', userId: user.id },
        now: late,
      }),
    ).toEqual({ ok: false, error: 'claim_code_expired', field: 'code' })
    expect(await purgeClaimCodes(db, late)).toBe(1)
  })

  it('a registration already claimed is refused and nothing changes', async () => {
    const reg = await deskRegistration()
    await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    const first = await createUser(db)
    const code = (await lastCode()).code
    await redeemClaimCode(db, {
      ...reg.facts,
      code,
      clientAddress: address,
      account: { kind: 'existing', userId: first.id },
    })
    const second = await createUser(db)
    expect(await requestClaimCode(db, { ...reg.facts, clientAddress: address })).toEqual({
      ok: false,
      error: 'already_claimed',
    })
    expect(
      await redeemClaimCode(db, {
        ...reg.facts,
        code,
        clientAddress: address,
        account: { kind: 'existing', userId: second.id },
      }),
    ).toEqual({ ok: false, error: 'already_claimed' })
    expect(await userOf(reg.id)).toBe(first.id)
  })

  it('a person who already has a registration in this census cannot claim a second one', async () => {
    const own = await createUser(db)
    const input = registrationInput()
    const mine = await createRegistration(db, { input, channel: 'self', userId: own.id })
    expect(mine.ok).toBe(true)
    const reg = await deskRegistration()
    await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    expect(
      await redeemClaimCode(db, {
        ...reg.facts,
        code: (await lastCode()).code,
        clientAddress: address,
        account: { kind: 'existing', userId: own.id },
      }),
    ).toEqual({ ok: false, error: 'already_registered' })
    expect(await userOf(reg.id)).toBeNull()
    // The code was not spent: the rollback kept it for the rightful account.
    const unused = await db.selectFrom('registration_claim_codes').select('used_at').executeTakeFirstOrThrow()
    expect(unused.used_at).toBeNull()
  })

  it('two claims at once: one wins, the other is told the registration is claimed', async () => {
    const reg = await deskRegistration()
    await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    const code = (await lastCode()).code
    const [a, b] = [await createUser(db), await createUser(db)]
    const results = await Promise.all(
      [a, b].map((u) =>
        redeemClaimCode(db, {
          ...reg.facts,
          code,
          clientAddress: address,
          account: { kind: 'existing', userId: u.id },
        }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'already_claimed' }])
    expect([a.id, b.id]).toContain(await userOf(reg.id))
  })

  it('a new account with another address follows sign-up’s confirmation, and keeps the code', async () => {
    const reg = await deskRegistration()
    await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    const code = (await lastCode()).code
    const redeemed = await redeemClaimCode(db, {
      ...reg.facts,
      code,
      clientAddress: address,
      account: newAccount('other@example.org'),
    })
    expect(redeemed).toEqual({ ok: true, value: { outcome: 'confirm' } })
    expect(await userOf(reg.id)).toBeNull()
    const pending = await db.selectFrom('pending_signups').select('identifier').execute()
    expect(pending).toEqual([{ identifier: 'other@example.org' }])
    const used = await db.selectFrom('registration_claim_codes').select('used_at').executeTakeFirstOrThrow()
    expect(used.used_at).toBeNull()
  })

  it('a registration without contact cannot be sent a code', async () => {
    const reg = await deskRegistration({ email: null })
    expect(await requestClaimCode(db, { ...reg.facts, clientAddress: address })).toEqual({
      ok: false,
      error: 'no_contact',
    })
  })

  it('a phone contact gets the code by SMS (the outbox channel)', async () => {
    const reg = await deskRegistration({ email: null, phone: '11 91234-5678' })
    await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    const { to_address, channel } = await lastCode()
    expect({ to_address, channel }).toEqual({ to_address: '+5511912345678', channel: 'sms' })
  })
})

describe('the desk', () => {
  it('prints a paper code that works for 30 days, audited, and claims with it', async () => {
    const reg = await deskRegistration({ email: null })
    const now = new Date()
    const issued = await issuePaperCode(db, { actorUserId: staff.id, registrationId: reg.id, now })
    if (!issued.ok) throw new Error(issued.error)
    expect(issued.value.code).toMatch(/^\d{6}$/)
    expect(await auditActions()).toContainEqual(
      expect.objectContaining({ action: 'registration.claim_code.issue', actor_user_id: staff.id }),
    )
    const user = await createUser(db)
    const redeemed = await redeemClaimCode(db, {
      ...reg.facts,
      code: issued.value.code,
      clientAddress: address,
      account: { kind: 'existing', userId: user.id },
      now: new Date(now.getTime() + PAPER_CODE_TTL_MS - 60_000),
    })
    expect(redeemed.ok).toBe(true)
    expect(await issuePaperCode(db, { actorUserId: staff.id, registrationId: reg.id })).toEqual({
      ok: false,
      error: 'already_claimed',
    })
  })

  it('creates the account on the spot with the registration’s contact, once, audited', async () => {
    const reg = await deskRegistration()
    const created = await createAccountAtDesk(db, {
      actorUserId: staff.id,
      registrationId: reg.id,
      password: 'typed by the person',
    })
    if (!created.ok) throw new Error(created.error)
    const user = await db
      .selectFrom('users')
      .select(['email', 'preferred_language'])
      .where('id', '=', created.value.userId)
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ email: reg.email, preferred_language: 'fr' })
    expect(await userOf(reg.id)).toBe(created.value.userId)
    expect(await rolesOf(created.value.userId)).toContain('voter')
    expect(await auditActions()).toContainEqual({
      action: 'registration.account.create',
      actor_user_id: staff.id,
      entity_id: reg.id,
    })
    expect(
      await createAccountAtDesk(db, {
        actorUserId: staff.id,
        registrationId: reg.id,
        password: 'another password',
      }),
    ).toEqual({ ok: false, error: 'already_claimed' })
  })

  it('refuses a desk account when the contact already has one, or there is no contact', async () => {
    const taken = await deskRegistration()
    await createUser(db, { email: taken.email })
    expect(
      await createAccountAtDesk(db, {
        actorUserId: staff.id,
        registrationId: taken.id,
        password: 'long enough pw',
      }),
    ).toEqual({ ok: false, error: 'identifier_taken' })
    expect(await userOf(taken.id)).toBeNull()
    const none = await deskRegistration({ email: null })
    expect(
      await createAccountAtDesk(db, {
        actorUserId: staff.id,
        registrationId: none.id,
        password: 'long enough pw',
      }),
    ).toEqual({ ok: false, error: 'no_contact' })
  })
})

describe('the routes', () => {
  const post = async (
    action: typeof claimAction,
    url: string,
    userId: string | null,
    values: Record<string, string>,
    params = {},
  ) =>
    settle(
      action({
        request: await requestAs(db, userId, url, { method: 'POST', body: form(values) }),
        params,
        context: { ...routeContext, clientAddress: address },
      }),
    )

  it('a wrong code is answered beside the code field, with the other values kept', async () => {
    const reg = await deskRegistration()
    await requestClaimCode(db, { ...reg.facts, clientAddress: address })
    const code = (await lastCode()).code
    const response = await post(claimAction, '/registration/claim', null, {
      intent: 'create',
      ...reg.facts,
      code: wrong(code),
      email: reg.email!,
      displayName: 'Amélie',
      password: 'long enough pw',
      passwordConfirm: 'long enough pw',
      preferredLanguage: 'fr',
      consent: 'yes',
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.fieldErrors).toEqual({ code: 'claim_code_wrong' })
    expect(body.values.displayName).toBe('Amélie')
    expect(body.values.password).toBeUndefined()
  })

  it('the right code creates the account and signs the person in', async () => {
    const reg = await deskRegistration()
    const sent = await post(claimAction, '/registration/claim', null, { intent: 'send', ...reg.facts })
    expect(sent.status).toBe(200)
    expect((await sent.json()).sentTo).toBe(`d•••@example.org`)
    const response = await post(claimAction, '/registration/claim', null, {
      intent: 'create',
      ...reg.facts,
      code: (await lastCode()).code,
      email: reg.email!,
      displayName: 'Amélie',
      password: 'long enough pw',
      passwordConfirm: 'long enough pw',
      preferredLanguage: 'fr',
      consent: 'yes',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/registration/claim?done=linked')
    expect(response.headers.get('Set-Cookie')).toMatch(/^mutirao_session=/)
    expect(await userOf(reg.id)).not.toBeNull()
  })

  it('only the secretariat prints codes or creates accounts', async () => {
    const reg = await deskRegistration()
    const other = await createUser(db, { roles: ['electoral_commission'] })
    const params = { id: reg.id }
    const desk = await post(
      reviewAction,
      `/staff/registrations/${reg.id}`,
      other.id,
      {
        intent: 'create_account',
        password: 'long enough pw',
        passwordConfirm: 'long enough pw',
      },
      params,
    )
    expect(desk.status).toBe(403)
    const receipt = await post(
      receiptAction,
      `/staff/registrations/${reg.id}/receipt`,
      other.id,
      { intent: 'claim_code' },
      params,
    )
    expect(receipt.status).toBe(403)
    expect(await userOf(reg.id)).toBeNull()
    expect(await db.selectFrom('registration_claim_codes').selectAll().execute()).toHaveLength(0)

    const ok = await post(
      receiptAction,
      `/staff/registrations/${reg.id}/receipt`,
      staff.id,
      { intent: 'claim_code' },
      params,
    )
    expect(ok.status).toBe(200)
    expect((await ok.json()).code).toMatch(/^\d{6}$/)
    const created = await post(
      reviewAction,
      `/staff/registrations/${reg.id}`,
      staff.id,
      {
        intent: 'create_account',
        password: 'long enough pw',
        passwordConfirm: 'long enough pw',
      },
      params,
    )
    expect(created.headers.get('Location')).toBe(`/staff/registrations/${reg.id}?done=account_created`)
  })
})

describe('privacy', () => {
  it('erasing the person’s registrations deletes their claim codes', async () => {
    const reg = await deskRegistration({ approve: false })
    const user = await createUser(db)
    await issuePaperCode(db, { actorUserId: staff.id, registrationId: reg.id })
    await db.updateTable('voter_registrations').set({ user_id: user.id }).where('id', '=', reg.id).execute()
    await db.transaction().execute((trx) => eraseRegistrationsOfUser(trx, user.id))
    expect(await db.selectFrom('registration_claim_codes').selectAll().execute()).toHaveLength(0)
  })
})
