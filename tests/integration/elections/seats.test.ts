import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { createBody } from '../../../app/council/bodies.server'
import { loader as overviewLoader } from '../../../app/routes/elections.$id._index'
import { loader as resultsLoader } from '../../../app/routes/elections.$id.results'
import { action as voteAction } from '../../../app/routes/elections.$id.vote'
import { loader as resultsJsonLoader } from '../../../app/routes/open-data.elections.$id.results[.json]'
import { loader as indexJsonLoader } from '../../../app/routes/open-data.elections[.json]'
import { action as createAction, loader as createLoader } from '../../../app/routes/staff.elections._index'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, moveTo } from '../../helpers/elections'
import { createUser, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #17, seats and alternates: the creation form starts from the council's composition (the
// real CMI: 8 civil-society seats and 8 alternates, split the 2018 way), and a split that does
// not fit the composition is refused beside its fields, the rest of the input kept.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

/** The creation form as the page sends it, with `changes` over the prefilled values. */
function creationForm(start: Record<string, string>, changes: Record<string, string | string[]> = {}) {
  const fields: Record<string, string | string[]> = {
    body: 'cmi',
    'title_pt-BR': 'Eleição do CMI 2026',
    title_es: 'Elección del CMI 2026',
    minSeats: '1',
    shareSteps: '>3:2; 4:3',
    alternates: '1',
    parity: 'yes',
    parityMinShare: '50',
    parityCounts: ['woman', 'trans_woman', 'trans_man', 'travesti', 'non_binary'],
    drawSeed: 'DOC 2026-11-01',
    ...start,
    ...changes,
  }
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one)
  return body
}

async function prefilled(userId: string) {
  const page = await settle(createLoader(args(await requestAs(db, userId, '/staff/elections'))))
  const data = await page.json()
  const s = data.start
  return {
    data,
    fields: {
      seatsA: String(s.seats.A),
      seatsB: String(s.seats.B),
      seatsC: String(s.seats.C),
      overallSeats: String(s.overallSeats),
      alternatesA: String(s.alternates.A),
      alternatesB: String(s.alternates.B),
      alternatesC: String(s.alternates.C),
    },
  }
}

const post = async (userId: string, body: URLSearchParams) =>
  settle(createAction(args(await requestAs(db, userId, '/staff/elections', { method: 'POST', body }))))

describe('creating a CMI election from the council composition', () => {
  it('prefills the 2018 split of the real council and creates its contests with seats and alternates', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const { data, fields } = await prefilled(commission.id)
    expect(data.composition).toEqual({
      seats: 16,
      governmentSeats: 8,
      civilSocietySeats: 8,
      alternatesPerSeat: 1,
    })
    expect(data.start).toEqual({
      seats: { A: 2, B: 2, C: 2 },
      overallSeats: 2,
      alternates: { A: 3, B: 3, C: 2 },
    })
    const created = await post(commission.id, creationForm(fields))
    expect(created.status).toBe(302)
    const id = created.headers.get('Location')!.split('/').at(-1)!
    const contests = await db
      .selectFrom('contests')
      .select(['segment', 'seats', 'alternates'])
      .where('election_id', '=', id)
      .orderBy('position')
      .execute()
    expect(contests).toEqual([
      { segment: 'A', seats: 2, alternates: 3 },
      { segment: 'B', seats: 2, alternates: 3 },
      { segment: 'C', seats: 2, alternates: 2 },
    ])
    const { rules } = await db
      .selectFrom('elections')
      .select('rules')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(rules)).toMatchObject({
      overallSeats: 2,
      parity: { enabled: true, minShare: 0.5 },
      composition: { civilSocietySeats: 8, alternatesPerSeat: 1 },
    })
    const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()
    expect(audit.map((a) => a.action)).toContain('election.create')
  })

  it('starts from the composition recorded for the plenary, not from fixed numbers', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    await createBody(db, {
      actorUserId: secretariat.id,
      kind: 'cmi_plenary',
      name: 'Plenário',
      seats: 24,
      quorumOpenPct: 50,
      quorumOpenStrict: true,
      quorumDeliberatePct: 50,
      quorumDeliberateStrict: true,
      noticeDays: 7,
      extraordinaryNoticeDays: 2,
      resolutionCode: 'CMI',
    })
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const { data, fields } = await prefilled(commission.id)
    expect(data.composition).toMatchObject({ governmentSeats: 12, civilSocietySeats: 12 })
    expect(data.start).toEqual({
      seats: { A: 3, B: 3, C: 3 },
      overallSeats: 3,
      alternates: { A: 4, B: 4, C: 4 },
    })
    // The 2025 way on this council: 6 A, 4 B, 2 C and no overall seats.
    const created = await post(
      commission.id,
      creationForm(fields, { seatsA: '6', seatsB: '4', seatsC: '2', overallSeats: '0' }),
    )
    expect(created.status).toBe(302)
  })

  it('refuses seats that do not add up, or too many alternates, beside the fields, keeping the input', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const { fields } = await prefilled(commission.id)
    const tooMany = await post(commission.id, creationForm(fields, { seatsA: '3' })) // 3+2+2+2 = 9
    expect(tooMany.status).toBe(400)
    const json = await tooMany.json()
    expect(json.fieldErrors).toEqual({ seatSplit: 'seats_do_not_add_up' })
    expect(json.values).toMatchObject({
      seatsA: '3',
      title_es: 'Elección del CMI 2026',
      drawSeed: 'DOC 2026-11-01',
    })
    expect(json.lists.parityCounts).toContain('non_binary')
    const tooFew = await post(commission.id, creationForm(fields, { overallSeats: '0' }))
    expect((await tooFew.json()).fieldErrors).toEqual({ seatSplit: 'seats_do_not_add_up' })
    const alternates = await post(commission.id, creationForm(fields, { alternatesC: '3' })) // 3+3+3 = 9
    expect(alternates.status).toBe(400)
    expect((await alternates.json()).fieldErrors).toEqual({ alternateSplit: 'too_many_alternates' })
    expect(await db.selectFrom('elections').select('id').execute()).toHaveLength(0)
  })

  it('keeps the parity threshold and who counts as data of the election', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const { fields } = await prefilled(commission.id)
    const nobody = await post(commission.id, creationForm(fields, { parityCounts: [] }))
    expect(nobody.status).toBe(400)
    expect((await nobody.json()).fieldErrors).toEqual({ parityCounts: 'choose_option' })
    const created = await post(
      commission.id,
      creationForm(fields, { parityMinShare: '40', parityCounts: ['non_binary', 'woman'] }),
    )
    expect(created.status).toBe(302)
    const { rules } = await db.selectFrom('elections').select('rules').executeTakeFirstOrThrow()
    expect(JSON.parse(rules).parity).toEqual({
      enabled: true,
      minShare: 0.4,
      countsTowards: ['woman', 'non_binary'],
    })
  })

  it('refuses the form and the creation to anyone but the electoral commission (403)', async () => {
    const resident = await createUser(db)
    const staff = await createUser(db, { roles: ['secretariat'] })
    for (const who of [resident, staff]) {
      const page = await settle(createLoader(args(await requestAs(db, who.id, '/staff/elections'))))
      expect(page.status).toBe(403)
      const refused = await post(
        who.id,
        creationForm({ seatsA: '2', seatsB: '2', seatsC: '2', overallSeats: '2' }),
      )
      expect(refused.status).toBe(403)
    }
    expect(await db.selectFrom('elections').select('id').execute()).toHaveLength(0)
  })
})

describe('the seats and rules in public (open data, the election page, results)', () => {
  const getJson = async (loader: (a: ReturnType<typeof args>) => Promise<unknown>, path: string, id = '') =>
    (await settle(loader(args(await requestAs(db, null, path), { id })))).json()

  it('elections.json lists each contest with its seats and alternates, and the rules, before any result', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const { fields } = await prefilled(commission.id)
    const created = await post(commission.id, creationForm(fields))
    const cmiId = created.headers.get('Location')!.split('/').at(-1)!
    // A draft is not public yet: not listed at all.
    expect((await getJson(indexJsonLoader, '/open-data/elections.json')).elections).toEqual([])
    await moveTo(db, commission.id, cmiId, 'candidacy_open')
    const { electionId: cpmId } = await cpmElection(db, 'candidacy_open')
    const index = await getJson(indexJsonLoader, '/open-data/elections.json')
    expect(index.version).toBe(1)
    const cmi = index.elections.find((e: { id: string }) => e.id === cmiId)
    expect(cmi).toMatchObject({
      phase: 'candidacy_open',
      results_url: null,
      ballots_url: null,
      rules: {
        overall_seats: 2,
        parity: { enabled: true, min_share: 0.5, counts_towards: expect.arrayContaining(['non_binary']) },
        tie_break: ['votes', 'older_candidate', 'draw'],
        composition: { seats: 16, government_seats: 8, civil_society_seats: 8, alternates_per_seat: 1 },
      },
    })
    expect(
      cmi.contests.map((c: Record<string, unknown>) => [c.kind, c.segment, c.seats, c.alternates]),
    ).toEqual([
      ['segment', 'A', 2, 3],
      ['segment', 'B', 2, 3],
      ['segment', 'C', 2, 2],
    ])
    expect(cmi).not.toHaveProperty('results')
    const cpm = index.elections.find((e: { id: string }) => e.id === cpmId)
    expect(cpm.contests).toHaveLength(32)
    expect(cpm.contests.find((c: { subprefecture_id: number }) => c.subprefecture_id === 29)).toMatchObject({
      kind: 'subprefecture',
      segment: null,
      subprefecture: 'Sé',
      seats: 1,
      alternates: 1,
    })
    expect(cpm.rules.composition).toBeNull()
  })

  it('the election page carries the rules from the election data (CMI)', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const { fields } = await prefilled(commission.id)
    const created = await post(
      commission.id,
      creationForm(fields, {
        seatsA: '3',
        seatsB: '2',
        seatsC: '3',
        overallSeats: '0',
        parityMinShare: '40',
      }),
    )
    const id = created.headers.get('Location')!.split('/').at(-1)!
    await moveTo(db, commission.id, id, 'candidacy_open')
    const page = await getJson(overviewLoader, `/elections/${id}`, id)
    expect(page.rules).toMatchObject({
      body: 'cmi',
      composition: { civilSocietySeats: 8, governmentSeats: 8 },
      seats: { contests: 8, overall: 0, total: 8 },
      alternates: 8,
      parity: { minSharePct: 40 },
      voters: { minAge: 16, ageOn: '2026-12-13', livingIn: 'city' },
      candidates: { minAge: 18 },
      votingWindow: null,
    })
    expect(page.rules.contests.map((c: { seats: number }) => c.seats)).toEqual([3, 2, 3])
  })

  it('results.json carries, per contest, seats, alternates, blank and void counts', async () => {
    const { commission, electionId, contestId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const cast = await settle(
      voteAction(
        args(
          await requestAs(db, voters[0].id, `/elections/${electionId}/vote`, {
            method: 'POST',
            body: new URLSearchParams({ intent: 'cast', [`contest_${contestId}`]: 'blank' }),
          }),
          { id: electionId },
        ),
      ),
    )
    expect(cast.status).toBe(200)
    await moveTo(db, commission.id, electionId, 'preliminary_result')
    const results = await getJson(
      resultsJsonLoader,
      `/open-data/elections/${electionId}/results.json`,
      electionId,
    )
    const se = results.contests.find((c: { id: string }) => c.id === contestId)
    expect(se).toMatchObject({ seats: 1, alternates: 1, blank: 1, void: 0 })
    for (const c of results.contests)
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['seats', 'alternates', 'blank', 'void']))
    const page = await getJson(resultsLoader, `/elections/${electionId}/results`, electionId)
    expect(page.contests.find((c: { id: string }) => c.id === contestId)).toMatchObject({
      seats: 1,
      alternates: 1,
    })
  })
})
