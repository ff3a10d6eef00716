import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { isPersonalResponse } from '../../../app/lib/cache-control'
import { loader as guideLoader } from '../../../app/routes/easy-read.$guide'
import { loader as indexLoader } from '../../../app/routes/easy-read._index'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'

// Issue #19: the easy-read routes are public, the same for everyone (nothing personal, so shared
// caches may keep them), and answer a guide that does not exist with a 404, never a 500.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

const get = (path: string) => new Request(`http://localhost${path}`)

describe('/easy-read and /easy-read/<guide>', () => {
  it('open to an anonymous visitor and to a signed-in resident alike', async () => {
    expect(await indexLoader(args(get('/easy-read')))).toBeNull()
    const anonymous = await settle(
      guideLoader(args(get('/easy-read/registration'), { guide: 'registration' })),
    )
    expect(anonymous.status).toBe(200)
    expect(await anonymous.json()).toEqual({
      slug: 'registration',
      back: { to: '/registration', label: 'registration' },
      // Nobody has checked the guide in any language yet (ADR 026 "Review").
      approvedOn: { 'pt-BR': null, es: null, en: null, fr: null, ht: null, ar: null, zh: null },
    })
    const user = await createUser(db, { roles: ['resident'] })
    const signedIn = await settle(
      guideLoader(args(await requestAs(db, user.id, '/easy-read/ballot'), { guide: 'ballot' })),
    )
    expect(signedIn.status).toBe(200)
  })

  it('a guide opened from an election links back to it; a malformed election is ignored', async () => {
    const from = await settle(
      guideLoader(args(get('/easy-read/results?election=demo-election-cmi-2024'), { guide: 'results' })),
    )
    expect((await from.json()).back).toEqual({
      to: '/elections/demo-election-cmi-2024/results',
      label: 'election',
    })
    const odd = await settle(
      guideLoader(args(get('/easy-read/results?election=%2F%2Fevil.example'), { guide: 'results' })),
    )
    expect(odd.status).toBe(200)
    expect((await odd.json()).back).toEqual({ to: '/elections', label: 'elections' })
  })

  it('an unknown guide is a 404', async () => {
    for (const guide of ['nothing', 'pollingPlace', '../registration', ''])
      expect((await settle(guideLoader(args(get(`/easy-read/${guide}`), { guide })))).status, guide).toBe(404)
  })

  it('is not personal: cacheable by shared caches when no session is involved', () => {
    for (const path of ['/easy-read', '/easy-read/registration', '/easy-read/ballot?election=e1'])
      expect(isPersonalResponse(get(path), new Headers()), path).toBe(false)
  })
})
