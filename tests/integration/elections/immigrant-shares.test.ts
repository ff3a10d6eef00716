import { beforeEach, describe, expect, it } from 'vitest'
import { importShares } from '../../../app/elections/shares.server'
import type { DB } from '../../../app/lib/db.server'
import { loader as publicLoader } from '../../../app/routes/elections.$id._index'
import { loader as openDataLoader } from '../../../app/routes/open-data.subprefectures[.json]'
import { action as createAction } from '../../../app/routes/staff.elections._index'
import { action as sharesAction, loader as sharesLoader } from '../../../app/routes/staff.elections.shares'
import { SUBPREFECTURES } from '../../../db/seed/reference'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { moveTo } from '../../helpers/elections'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #17: the commission imports the immigrant share per subprefecture, previews the seats
// and creates the CPM election from them; the public page and open data show the figures.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

const HEADER = 'subprefecture,immigrant_population,total_population,source,reference_date'
/** Every subprefecture at 1 %, but Sé at 5 % (3 seats), Mooca at 3.5 % (2) and Lapa at exactly 3 % (1). */
function cityFile(source = 'IBGE Censo 2022') {
  const share: Record<string, number> = { Sé: 500, Mooca: 350, Lapa: 300 }
  return [
    HEADER,
    ...SUBPREFECTURES.map(
      (name) => `"${name.toUpperCase()}",${share[name] ?? 100},10.000,${source},2022-08-01`,
    ),
  ].join('\r\n')
}

function upload(csv: string) {
  const body = new FormData()
  body.set('intent', 'import')
  body.set('file', new File([csv], 'subprefeituras.csv', { type: 'text/csv' }))
  return body
}

async function postImport(userId: string | null, csv: string) {
  return settle(
    sharesAction(
      args(await requestAs(db, userId, '/staff/elections/shares', { method: 'POST', body: upload(csv) })),
    ),
  )
}

const current = () =>
  db
    .selectFrom('subprefectures')
    .select(['name', 'immigrant_population', 'total_population', 'share_source', 'share_import_id'])
    .orderBy('id')
    .execute()

describe('importing the immigrant share per subprefecture', () => {
  it('import → preview with edited thresholds → create the CPM election → public page and open data', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const imported = await postImport(commission.id, cityFile())
    expect(imported.status).toBe(302)
    expect(imported.headers.get('Location')).toBe('/staff/elections/shares?done=imported&n=32')

    const preview = async (query = '') =>
      (
        await settle(
          sharesLoader(args(await requestAs(db, commission.id, `/staff/elections/shares${query}`))),
        )
      ).json()
    const byDefault = await preview()
    expect(byDefault.totalSeats).toBe(32 + 2 + 1)
    const se = byDefault.rows.find((r: { name: string }) => r.name === 'Sé')
    expect(se).toMatchObject({
      immigrantPopulation: 500,
      totalPopulation: 10000,
      sharePct: 5,
      source: 'IBGE Censo 2022',
      referenceDate: '2022-08-01',
      seats: 3,
    })
    expect(byDefault.rows.find((r: { name: string }) => r.name === 'Lapa').seats).toBe(1)
    expect(byDefault.imports).toHaveLength(1)

    // Thresholds edited on the preview: 2 seats from 3 % (not only above), 4 from 5 %.
    const edited = await preview(`?minSeats=1&shareSteps=${encodeURIComponent('3:2; 5:4')}`)
    expect(edited.errors).toEqual({})
    expect(edited.totalSeats).toBe(32 + 3 + 1 + 1)
    const wrong = await preview('?minSeats=x&shareSteps=lots')
    expect(wrong.errors).toEqual({ minSeats: 'number_invalid', shareSteps: 'share_steps_invalid' })
    expect(wrong.totalSeats).toBe(35) // the defaults, until the thresholds are right

    const created = await settle(
      createAction(
        args(
          await requestAs(db, commission.id, '/staff/elections', {
            method: 'POST',
            body: form({
              body: 'cpm',
              'title_pt-BR': 'CPM 2027',
              seatsA: '3',
              seatsB: '2',
              seatsC: '2',
              minSeats: '1',
              shareSteps: '3:2; 5:4',
              alternates: '1',
              overallSeats: '0',
              alternatesA: '3',
              alternatesB: '3',
              alternatesC: '2',
              parityMinShare: '50',
              drawSeed: 'x',
            }),
          }),
        ),
      ),
    )
    const electionId = created.headers.get('Location')!.split('/').pop()!
    const contests = await db
      .selectFrom('contests')
      .innerJoin('subprefectures', 'subprefectures.id', 'contests.subprefecture_id')
      .select(['subprefectures.name', 'contests.seats', 'contests.share_source'])
      .where('election_id', '=', electionId)
      .execute()
    expect(contests).toHaveLength(32)
    expect(contests.reduce((n, c) => n + c.seats, 0)).toBe(37)
    expect(Object.fromEntries(contests.filter((c) => c.seats > 1).map((c) => [c.name, c.seats]))).toEqual({
      Sé: 4,
      Mooca: 2,
      Lapa: 2,
    })

    // A later import changes the current figures, not the election's.
    expect((await postImport(commission.id, cityFile('Nova fonte'))).status).toBe(302)
    await moveTo(db, commission.id, electionId, 'candidacy_open')
    const page = await (
      await settle(
        publicLoader(args(await requestAs(db, null, `/elections/${electionId}`), { id: electionId })),
      )
    ).json()
    const seContest = page.contests.find((c: { subprefecture: string }) => c.subprefecture === 'Sé')
    expect(seContest).toMatchObject({
      seats: 4,
      immigrant_population: 500,
      total_population: 10000,
      share_source: 'IBGE Censo 2022',
      share_reference_date: '2022-08-01',
    })

    const open = await settle(
      openDataLoader(args(await requestAs(db, null, '/open-data/subprefectures.json'))),
    )
    expect(open.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const data = await open.json()
    expect(data.version).toBe(1)
    expect(data.subprefectures).toHaveLength(32)
    expect(data.subprefectures.find((s: { name: string }) => s.name === 'Mooca')).toEqual({
      id: 18,
      slug: 'mooca',
      name: 'Mooca',
      immigrant_population: 350,
      total_population: 10000,
      immigrant_share_pct: 3.5,
      source: 'Nova fonte',
      reference_date: '2022-08-01',
    })

    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'subprefecture_shares.import')
      .execute()
    expect(audit).toHaveLength(2)
  })

  it('a file with one wrong line imports nothing, and says which line and why', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    await postImport(commission.id, cityFile())
    const before = await current()
    const lines = cityFile('Outra').split('\r\n')
    lines[5] = 'Atlantis,1,10,x,2022-08-01'
    lines[9] = lines[9].replace('10.000', '0')
    const refused = await postImport(commission.id, lines.join('\n'))
    expect(refused.status).toBe(400)
    const body = await refused.json()
    expect(body.fieldErrors).toEqual({ file: 'rows_invalid' })
    expect(body.problems).toEqual([
      { line: 6, column: 'subprefecture', error: 'unknown_subprefecture', value: 'Atlantis' },
      { line: 10, column: 'total_population', error: 'total_zero' },
    ])
    expect(await current()).toEqual(before)
    expect(await db.selectFrom('immigrant_share_imports').selectAll().execute()).toHaveLength(1)
    expect(await db.selectFrom('immigrant_share_import_rows').selectAll().execute()).toHaveLength(32)

    const tooBig = await postImport(commission.id, `${HEADER}\n${'x'.repeat(70 * 1024)}`)
    expect(tooBig.status).toBe(400)
    expect((await tooBig.json()).fieldErrors).toEqual({ file: 'too_large' })
    const header = await postImport(commission.id, 'subprefecture,immigrant_share_pct\nSé,5')
    expect(await header.json()).toMatchObject({
      fieldErrors: { file: 'bad_header' },
      missing: ['immigrant_population', 'total_population', 'source', 'reference_date'],
    })
    expect(await current()).toEqual(before)
  })

  it('only the electoral commission imports or previews (403), and anonymous visitors are sent to log in', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    expect((await postImport(secretariat.id, cityFile())).status).toBe(403)
    const anonymous = await postImport(null, cityFile())
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toMatch(/^\/login/)
    const page = await settle(
      sharesLoader(args(await requestAs(db, secretariat.id, '/staff/elections/shares'))),
    )
    expect(page.status).toBe(403)
    expect(await db.selectFrom('immigrant_share_imports').selectAll().execute()).toHaveLength(0)
    expect((await current()).every((s) => s.immigrant_population === null)).toBe(true)
  })

  it('two imports at once: both are kept in the history, and the current figures are all from one of them', async () => {
    const a = await createUser(db, { roles: ['electoral_commission'] })
    const b = await createUser(db, { roles: ['electoral_commission'] })
    const bytes = (csv: string) => new TextEncoder().encode(csv)
    const results = await Promise.all([
      importShares(db, { actorUserId: a.id, bytes: bytes(cityFile('Arquivo A')) }),
      importShares(db, {
        actorUserId: b.id,
        bytes: bytes(cityFile('Arquivo B').replaceAll(',100,', ',200,')),
      }),
    ])
    expect(results.every((r) => r.ok)).toBe(true)
    const now = await current()
    const winner = now[0].share_import_id
    expect(now.every((s) => s.share_import_id === winner)).toBe(true)
    const rows = await db
      .selectFrom('immigrant_share_import_rows')
      .select(['subprefecture_id', 'immigrant_population', 'source'])
      .where('import_id', '=', winner)
      .orderBy('subprefecture_id')
      .execute()
    expect(now.map((s) => [s.immigrant_population, s.share_source])).toEqual(
      rows.map((r) => [r.immigrant_population, r.source]),
    )
    expect(new Set(now.map((s) => s.share_source)).size).toBe(1)
    expect(await db.selectFrom('immigrant_share_imports').selectAll().execute()).toHaveLength(2)
  })
})
