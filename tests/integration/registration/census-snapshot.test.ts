import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import { createRegistration } from '../../../app/registration/registrations.server'
import { decideRegistration } from '../../../app/registration/review.server'
import { loader as censusLoader } from '../../../app/routes/census'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'
import { openCycle, registrationInput } from '../../helpers/registration'
import { args } from '../../helpers/routes'

// /census is anonymous and used to read the whole census on every request (#16.4): it is computed
// once per change to the approved census and the stored result is served.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

async function approve(nationality: string, n: number, userId?: string) {
  const staff = await createUser(db, { roles: ['secretariat'] })
  for (let i = 0; i < n; i++) {
    const r = await createRegistration(db, {
      input: registrationInput({ nationality1: nationality }),
      channel: 'self',
      userId,
    })
    if (!r.ok) throw new Error(r.error)
    const d = await decideRegistration(db, {
      actorUserId: staff.id,
      registrationId: r.value.id,
      decision: { intent: 'approve' },
    })
    if (!d.ok) throw new Error(d.error)
  }
}

async function page() {
  const response = (await censusLoader(args(new Request('http://localhost/census')))) as Response
  return (await response.json()).stats as { total: number | null; byNationality: { key: string }[] }
}

const snapshots = () => db.selectFrom('published_snapshots').select(['kind', 'computed_at']).execute()

describe('/census is served from a stored result', () => {
  it('reuses the stored statistics until the census changes, then recomputes them', async () => {
    await approve('BO', 6)
    expect(await page()).toMatchObject({ total: 5, byNationality: [{ key: 'BO' }] })
    const [first] = await snapshots()
    expect(first.kind).toBe('census_stats')

    // A write that bypasses the domain (no version bump, same number of people) is not seen: the
    // page is the stored one, not a new read of the census.
    await db.updateTable('voter_registrations').set({ nationalities: '["HT"]' }).execute()
    expect(await page()).toMatchObject({ total: 5, byNationality: [{ key: 'BO' }] })
    expect(await snapshots()).toEqual([first])

    // An approval bumps the census version in its transaction: the next request recomputes.
    await approve('PE', 3)
    const after = await page()
    expect(after.total).toBe(10)
    expect(after.byNationality.map((c) => c.key)).toEqual(['HT', 'PE'])
    expect((await snapshots()).map((s) => s.kind)).toEqual(['census_stats'])
  })

  it('an erasure of an approved entry refreshes the statistics', async () => {
    const person = await createUser(db, {})
    await approve('BO', 5)
    await approve('HT', 1, person.id)
    expect((await page()).byNationality.map((c) => c.key)).toEqual(['BO', 'HT'])
    await eraseAccount(db, person.id)
    expect((await page()).byNationality.map((c) => c.key)).toEqual(['BO'])
  })
})
