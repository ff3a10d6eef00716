import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { action as forgotAction } from '../../../app/routes/forgot-password'
import { action as codeAction, loader as codeLoader } from '../../../app/routes/forgot-password_.code'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args } from '../../helpers/routes'

// Issue #18: the forms of a reset by SMS code, through the route modules.
let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

const from = (address: string, request: Request) => ({
  ...args(request),
  context: { clientAddress: address, cspNonce: '' },
})

async function forgot(email: string, address = '192.0.2.20') {
  const request = await requestAs(db, null, '/forgot-password', { method: 'POST', body: form({ email }) })
  return (await forgotAction(from(address, request))) as Response
}

async function submitCode(fields: Record<string, string>, address = '192.0.2.30') {
  const request = await requestAs(db, null, '/forgot-password/code', { method: 'POST', body: form(fields) })
  return (await codeAction(from(address, request))) as Response
}

async function waitForSms(phone: string): Promise<string> {
  // The look-up runs after the answer; a busy machine may take a while (bounded, not a speed check).
  for (let i = 0; i < 1500; i++) {
    const row = await db
      .selectFrom('outbox')
      .select('body')
      .where('to_address', '=', phone)
      .executeTakeFirst()
    if (row) return /\b(\d{6})\b/.exec(row.body)![1]!
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('no SMS queued')
}

describe('forgot-password with a phone number', () => {
  it('answers "code sent" for any phone number, known or not, and "link sent" for an address', async () => {
    const person = await createUser(db, { email: '+5511955550001' })
    const known = await forgot(person.email)
    const unknown = await forgot('+5511955550999', '192.0.2.21')
    expect(known.status).toBe(302)
    expect(known.headers.get('Location')).toBe('/forgot-password?done=sentCode')
    expect(unknown.headers.get('Location')).toBe(known.headers.get('Location'))
    expect((await forgot('ghost@example.org', '192.0.2.22')).headers.get('Location')).toBe(
      '/forgot-password?done=sent',
    )
    await waitForSms('+5511955550001')
    expect(await db.selectFrom('outbox').select('to_address').execute()).toEqual([
      { to_address: '+5511955550001' },
    ])
  })
})

describe('the code page', () => {
  it('opens to anonymous visitors', async () => {
    expect(await codeLoader(args(await requestAs(db, null, '/forgot-password/code')))).toBeNull()
  })

  it('bad input: a message beside each field, the phone kept, never the password', async () => {
    const response = await submitCode({
      phone: 'abc',
      code: '12a',
      newPassword: 'pw-xyz',
      newPasswordConfirm: 'other',
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.fieldErrors).toMatchObject({
      phone: 'phone_invalid',
      code: 'reset_code_format',
      newPassword: 'password_too_short',
    })
    expect(body.values.phone).toBe('abc')
    expect(JSON.stringify(body)).not.toContain('pw-xyz')
  })

  it('a wrong code: 400 beside the code field; the right code then resets and sends to log in', async () => {
    const person = await createUser(db, { email: '+5511955550002' })
    await forgot(person.email)
    const code = await waitForSms('+5511955550002')
    const wrongCode = code === '000000' ? '111111' : '000000'
    const fields = {
      phone: '11 95555-0002',
      newPassword: 'a new password',
      newPasswordConfirm: 'a new password',
    }
    const refused = await submitCode({ ...fields, code: wrongCode })
    expect(refused.status).toBe(400)
    const body = await refused.json()
    expect(body.fieldErrors).toEqual({ code: 'reset_code_invalid' })
    expect(body.values.phone).toBe('11 95555-0002')
    const done = await submitCode({ ...fields, code: `${code.slice(0, 3)} ${code.slice(3)}` })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/login?done=reset')
  })

  it('an unknown number is answered exactly like a wrong code', async () => {
    const fields = { code: '123456', newPassword: 'a new password', newPasswordConfirm: 'a new password' }
    const unknown = await submitCode({ ...fields, phone: '+5511955559999' })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).fieldErrors).toEqual({ code: 'reset_code_invalid' })
  })

  it('one address may try 30 codes an hour, whatever the numbers', async () => {
    const fields = { code: '123456', newPassword: 'a new password', newPasswordConfirm: 'a new password' }
    const statuses = []
    for (let i = 0; i < 31; i++)
      statuses.push(
        (await submitCode({ ...fields, phone: `+55119555${String(i).padStart(5, '0')}` }, '198.51.100.7'))
          .status,
      )
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true)
    expect(statuses[30]).toBe(429)
  })
})
