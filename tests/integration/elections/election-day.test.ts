import { isDeepStrictEqual } from 'node:util'
import { beforeEach, describe, expect, it } from 'vitest'
import { publicResults } from '../../../app/elections/counting.server'
import { advancePhase } from '../../../app/elections/lifecycle.server'
import { bulletinBoard } from '../../../app/elections/open-data.server'
import { lineKey } from '../../../app/elections/paper-count'
import { enterPaperCount } from '../../../app/elections/paper-counts.server'
import { namePollWorker, pollingStaff } from '../../../app/elections/poll-workers.server'
import {
  assignPollWorker,
  createPollingPlace,
  deletePollingPlace,
  listPollingPlaces,
  updatePollingPlace,
  type PollingPlaceInput,
} from '../../../app/elections/polling-places.server'
import { outcomeSummary, recount } from '../../../app/elections/recount'
import { castOnlineBallot } from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import {
  action as countAction,
  loader as countLoader,
} from '../../../app/routes/staff.elections.$id.paper-count.$placeId'
import { action as placesAction } from '../../../app/routes/staff.elections.$id.polling-places'
import { loader as resultsJsonLoader } from '../../../app/routes/open-data.elections.$id.results[.json]'
import { loader as resultsPageLoader } from '../../../app/routes/elections.$id.results'
import { fingerprint, originalContent, pickText, withTranslation } from '../../../app/i18n/content'
import { storedOrPlain } from '../../../app/i18n/original-text'
import { seedDemo } from '../../../db/seed'
import { DEMO_CMI_ELECTION, DEMO_CPM_ELECTION } from '../../../db/seed/elections'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, moveTo } from '../../helpers/elections'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Election day (issue #17): polling places, paper counts typed twice, and their place in the result.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

const PLACE: PollingPlaceInput = {
  name: 'CRAI Oriana Jara',
  address: 'Rua Japurá, 234 — Bela Vista',
  textLanguage: 'pt-BR',
  opensAt: '08:00',
  closesAt: '17:00',
  method: 'paper',
  subprefectureIds: [29],
}

/** A CPM election (Sé contest, 4 candidates) with one paper place in Sé, moved to `phase`. */
async function withPaperPlace(phase: Parameters<typeof moveTo>[3] = 'voting_closed', voters = 0) {
  const setup = await cpmElection(db, 'campaign', { voters })
  const created = await createPollingPlace(db, {
    actorUserId: setup.commission.id,
    electionId: setup.electionId,
    ...PLACE,
  })
  if (!created.ok) throw new Error(created.error)
  await moveTo(db, setup.commission.id, setup.electionId, phase)
  const second = await createUser(db, { roles: ['electoral_commission'] })
  return { ...setup, placeId: created.value.id, second }
}

/** A count as the form sends it: candidate votes in candidate order, then blank and void. */
function counts(contestId: string, candidacyIds: string[], votes: number[], blank: number, void_: number) {
  return Object.fromEntries([
    ...candidacyIds.map((id, i) => [
      lineKey({ contestId, choice: 'candidate', candidacyId: id }),
      String(votes[i]),
    ]),
    [lineKey({ contestId, choice: 'blank', candidacyId: null }), String(blank)],
    [lineKey({ contestId, choice: 'void', candidacyId: null }), String(void_)],
  ])
}

describe('polling places', () => {
  it('the commission registers, changes and deletes places before voting opens; the public list shows them', async () => {
    const { commission, electionId } = await cpmElection(db, 'campaign')
    expect(
      await createPollingPlace(db, {
        actorUserId: commission.id,
        electionId,
        ...PLACE,
        subprefectureIds: [9999],
      }),
    ).toMatchObject({ ok: false, error: 'unknown_subprefecture', field: 'subprefectures' })
    const created = await createPollingPlace(db, {
      actorUserId: commission.id,
      electionId,
      ...PLACE,
      subprefectureIds: [29, 18],
    })
    if (!created.ok) throw new Error()
    const changed = await updatePollingPlace(db, {
      actorUserId: commission.id,
      electionId,
      placeId: created.value.id,
      ...PLACE,
      method: 'booth',
      closesAt: '16:00',
    })
    expect(changed.ok).toBe(true)
    const [listed] = await listPollingPlaces(db, electionId)
    expect(listed).toMatchObject({ name: PLACE.name, method: 'booth', closes_at: '16:00', opens_at: '08:00' })
    expect(listed.subprefectures.map((s) => s.id)).toEqual([29])
    await moveTo(db, commission.id, electionId, 'voting_open')
    expect(
      await deletePollingPlace(db, { actorUserId: commission.id, electionId, placeId: created.value.id }),
    ).toMatchObject({ ok: false, error: 'wrong_phase' })
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', created.value.id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'election.pollingPlace.create',
      'election.pollingPlace.update',
    ])
  })

  it('a named poll worker is assigned a place; removing the worker removes the assignment', async () => {
    const { commission, electionId } = await cpmElection(db, 'campaign')
    const place = await createPollingPlace(db, { actorUserId: commission.id, electionId, ...PLACE })
    if (!place.ok) throw new Error()
    const worker = await createUser(db)
    expect(
      await assignPollWorker(db, {
        actorUserId: commission.id,
        electionId,
        userId: worker.id,
        placeId: place.value.id,
      }),
    ).toMatchObject({ ok: false, error: 'not_a_poll_worker' })
    await namePollWorker(db, { actorUserId: commission.id, electionId, identifier: worker.email })
    expect(
      await assignPollWorker(db, {
        actorUserId: commission.id,
        electionId,
        userId: worker.id,
        placeId: place.value.id,
      }),
    ).toEqual({ ok: true, value: null })
    expect(await db.selectFrom('polling_place_workers').selectAll().execute()).toHaveLength(1)
    // The commission's poll-worker page says where each one serves.
    expect((await pollingStaff(db, electionId)).workers[0].place).toEqual({
      name: PLACE.name,
      language: 'pt-BR',
    })
    await db.deleteFrom('election_poll_workers').where('user_id', '=', worker.id).execute()
    expect(await db.selectFrom('polling_place_workers').selectAll().execute()).toHaveLength(0)
  })

  it('the route refuses other roles (403) and answers bad input with field errors, keeping what was typed', async () => {
    const { commission, electionId } = await cpmElection(db, 'campaign')
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const post = async (userId: string, body: URLSearchParams) =>
      settle(
        placesAction(
          args(
            await requestAs(db, userId, `/staff/elections/${electionId}/polling-places`, {
              method: 'POST',
              body,
            }),
            { id: electionId },
          ),
        ),
      )
    const good = new URLSearchParams({
      intent: 'create',
      name: 'CEU Butantã',
      address: 'Av. Eng. Heitor Antônio Eiras Garcia, 1870',
      textLanguage: 'pt-BR',
      opensAt: '08:00',
      closesAt: '17:00',
      method: 'booth',
    })
    good.append('subprefectures', '29')
    expect((await post(secretariat.id, good)).status).toBe(403)
    const bad = new URLSearchParams(good)
    bad.set('opensAt', '25:00')
    bad.set('closesAt', '07:00')
    bad.delete('subprefectures')
    bad.set('method', 'carrier-pigeon')
    const refused = await post(commission.id, bad)
    expect(refused.status).toBe(400)
    const body = await refused.json()
    expect(body.fieldErrors).toMatchObject({
      opensAt: 'time_invalid',
      method: 'choose_option',
      subprefectures: 'choose_option',
    })
    expect(body.values.name).toBe('CEU Butantã')
    const crossed = new URLSearchParams(good)
    crossed.set('closesAt', '07:00')
    expect((await (await post(commission.id, crossed)).json()).fieldErrors).toMatchObject({
      closesAt: 'closes_before_opens',
    })
    const created = await post(commission.id, good)
    expect(created.status).toBe(302)
    expect(await listPollingPlaces(db, electionId)).toHaveLength(1)
  })
})

describe('paper counts typed twice', () => {
  it('a matching second typing by another member confirms the count (audited); the same person cannot type both', async () => {
    const { commission, second, electionId, contestId, candidates, placeId } = await withPaperPlace()
    const ids = candidates.map((c) => c.candidacyId)
    const sheet = counts(contestId, ids, [5, 3, 0, 2], 1, 2)
    expect(
      await enterPaperCount(db, { actorUserId: commission.id, electionId, placeId, counts: sheet }),
    ).toEqual({
      ok: true,
      value: { state: 'first' },
    })
    expect(
      await enterPaperCount(db, { actorUserId: commission.id, electionId, placeId, counts: sheet }),
    ).toMatchObject({ ok: false, error: 'same_person' })
    expect(await enterPaperCount(db, { actorUserId: second.id, electionId, placeId, counts: sheet })).toEqual(
      {
        ok: true,
        value: { state: 'confirmed' },
      },
    )
    const third = await createUser(db, { roles: ['electoral_commission'] })
    expect(
      await enterPaperCount(db, { actorUserId: third.id, electionId, placeId, counts: sheet }),
    ).toMatchObject({ ok: false, error: 'already_confirmed' })
    const actions = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', placeId)
      .orderBy('seq')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'election.pollingPlace.create',
      'election.paperCount.first',
      'election.paperCount.confirm',
    ])
  })

  it('a second typing that differs is refused with the differing lines only, and the first typing stays', async () => {
    const { commission, second, electionId, contestId, candidates, placeId } = await withPaperPlace()
    const ids = candidates.map((c) => c.candidacyId)
    await enterPaperCount(db, {
      actorUserId: commission.id,
      electionId,
      placeId,
      counts: counts(contestId, ids, [5, 3, 0, 2], 1, 2),
    })
    const wrong = await enterPaperCount(db, {
      actorUserId: second.id,
      electionId,
      placeId,
      counts: counts(contestId, ids, [5, 4, 0, 2], 1, 3),
    })
    expect(wrong).toEqual({
      ok: false,
      error: 'paper_count_mismatch',
      details: {
        lines: {
          [lineKey({ contestId, choice: 'candidate', candidacyId: ids[1] })]: 'paper_line_differs',
          [lineKey({ contestId, choice: 'void', candidacyId: null })]: 'paper_line_differs',
        },
      },
    })
    expect(JSON.stringify(wrong)).not.toMatch(/"3"|: ?3\b/) // the first typing's numbers are not in the answer
    const entries = await db.selectFrom('paper_count_entries').select(['seq', 'entered_by']).execute()
    expect(entries).toEqual([{ seq: 1, entered_by: commission.id }])
    // Corrected, it confirms.
    expect(
      await enterPaperCount(db, {
        actorUserId: second.id,
        electionId,
        placeId,
        counts: counts(contestId, ids, [5, 3, 0, 2], 1, 2),
      }),
    ).toMatchObject({ ok: true, value: { state: 'confirmed' } })
  })

  it('empty lines and non-numbers are refused line by line; nothing is stored', async () => {
    const { commission, electionId, contestId, candidates, placeId } = await withPaperPlace()
    const sheet = counts(
      contestId,
      candidates.map((c) => c.candidacyId),
      [5, 3, 0, 2],
      1,
      2,
    )
    const blankKey = lineKey({ contestId, choice: 'blank', candidacyId: null })
    const voidKey = lineKey({ contestId, choice: 'void', candidacyId: null })
    const refused = await enterPaperCount(db, {
      actorUserId: commission.id,
      electionId,
      placeId,
      counts: { ...sheet, [blankKey]: '', [voidKey]: '-1' },
    })
    expect(refused).toMatchObject({
      ok: false,
      error: 'invalid_paper_count',
      details: { lines: { [blankKey]: 'required', [voidKey]: 'number_invalid' } },
    })
    expect(await db.selectFrom('paper_count_entries').selectAll().execute()).toHaveLength(0)
  })

  it('two second typings at once confirm once', async () => {
    const { commission, second, electionId, contestId, candidates, placeId } = await withPaperPlace()
    const sheet = counts(
      contestId,
      candidates.map((c) => c.candidacyId),
      [1, 1, 1, 1],
      0,
      0,
    )
    await enterPaperCount(db, { actorUserId: commission.id, electionId, placeId, counts: sheet })
    const third = await createUser(db, { roles: ['electoral_commission'] })
    const results = await Promise.all([
      enterPaperCount(db, { actorUserId: second.id, electionId, placeId, counts: sheet }),
      enterPaperCount(db, { actorUserId: third.id, electionId, placeId, counts: sheet }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toMatchObject([{ error: 'already_confirmed' }])
    expect(await db.selectFrom('paper_count_entries').selectAll().execute()).toHaveLength(2)
    const confirms = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'election.paperCount.confirm')
      .execute()
    expect(confirms).toHaveLength(1)
  })

  it('typing is refused before voting closed and after the count', async () => {
    const { commission, second, electionId, contestId, candidates, placeId } =
      await withPaperPlace('voting_open')
    const sheet = counts(
      contestId,
      candidates.map((c) => c.candidacyId),
      [1, 0, 0, 0],
      0,
      0,
    )
    expect(
      await enterPaperCount(db, { actorUserId: commission.id, electionId, placeId, counts: sheet }),
    ).toMatchObject({ ok: false, error: 'wrong_phase' })
    await moveTo(db, commission.id, electionId, 'voting_closed')
    await enterPaperCount(db, { actorUserId: commission.id, electionId, placeId, counts: sheet })
    await enterPaperCount(db, { actorUserId: second.id, electionId, placeId, counts: sheet })
    await moveTo(db, commission.id, electionId, 'counted')
    const third = await createUser(db, { roles: ['electoral_commission'] })
    expect(
      await enterPaperCount(db, { actorUserId: third.id, electionId, placeId, counts: sheet }),
    ).toMatchObject({ ok: false, error: 'wrong_phase' })
  })

  it('the entry page and its form are for the commission only; a mismatch answers 400 with the lines', async () => {
    const { commission, second, electionId, contestId, candidates, placeId } = await withPaperPlace()
    const voter = await createUser(db)
    const url = `/staff/elections/${electionId}/paper-count/${placeId}`
    const params = { id: electionId, placeId }
    expect((await settle(countLoader(args(await requestAs(db, voter.id, url), params)))).status).toBe(403)
    const post = async (userId: string, values: Record<string, string>) =>
      settle(
        countAction(args(await requestAs(db, userId, url, { method: 'POST', body: form(values) }), params)),
      )
    const ids = candidates.map((c) => c.candidacyId)
    const asForm = (c: Record<string, string>) =>
      Object.fromEntries([['intent', 'enter'], ...Object.entries(c).map(([k, v]) => [`n_${k}`, v])])
    expect((await post(voter.id, asForm(counts(contestId, ids, [1, 2, 3, 4], 0, 1)))).status).toBe(403)
    const first = await post(commission.id, asForm(counts(contestId, ids, [1, 2, 3, 4], 0, 1)))
    expect(first.headers.get('Location')).toBe(`${url}?done=first`)
    const mismatch = await post(second.id, asForm(counts(contestId, ids, [1, 2, 3, 4], 0, 9)))
    expect(mismatch.status).toBe(400)
    const body = await mismatch.json()
    expect(body.fieldErrors).toEqual({ form: 'paper_count_mismatch' })
    expect(body.lines).toEqual({
      [lineKey({ contestId, choice: 'void', candidacyId: null })]: 'paper_line_differs',
    })
    expect(body.values[`n_${lineKey({ contestId, choice: 'void', candidacyId: null })}`]).toBe('9')
    const page = await (await settle(countLoader(args(await requestAs(db, second.id, url), params)))).json()
    expect(JSON.stringify(page)).not.toContain('"votes"') // the page carries no numbers of the first typing
  })
})

describe('paper counts in the result', () => {
  it('counting waits for every paper place; the result, results.json and the recount add paper votes, blank and void', async () => {
    const { commission, second, electionId, contestId, candidates, placeId, voters } = await withPaperPlace(
      'voting_open',
      3,
    )
    const ids = candidates.map((c) => c.candidacyId)
    // Online: two votes for candidate 1 (a man), one blank.
    for (const [i, choice] of [ids[1], ids[1], 'blank'].entries())
      await castOnlineBallot(db, { electionId, userId: voters[i].id, choices: { [contestId]: choice } })
    await moveTo(db, commission.id, electionId, 'voting_closed')
    expect(await advancePhase(db, { actorUserId: commission.id, electionId, to: 'counted' })).toMatchObject({
      ok: false,
      error: 'paper_count_missing',
    })
    // Paper: candidate 0 (a woman) 4, candidate 1 1, candidate 3 2; blank 1, void 3.
    const sheet = counts(contestId, ids, [4, 1, 0, 2], 1, 3)
    await enterPaperCount(db, { actorUserId: commission.id, electionId, placeId, counts: sheet })
    expect(await advancePhase(db, { actorUserId: commission.id, electionId, to: 'counted' })).toMatchObject({
      ok: false,
      error: 'paper_count_missing',
    })
    await enterPaperCount(db, { actorUserId: second.id, electionId, placeId, counts: sheet })
    await moveTo(db, commission.id, electionId, 'preliminary_result')

    const results = await publicResults(db, electionId)
    const contest = results!.contests.find((c) => c.id === contestId)!
    const votes = Object.fromEntries(contest.candidates.map((c) => [c.id, c.votes]))
    expect(votes).toEqual({ [ids[0]]: 4, [ids[1]]: 3, [ids[2]]: 0, [ids[3]]: 2 })
    expect(contest).toMatchObject({ blank: 2, void: 3, valid: 9, total: 14 })
    expect(results!.polling_places).toEqual([
      expect.objectContaining({
        id: placeId,
        name: PLACE.name,
        method: 'paper',
        paper_count: expect.objectContaining({
          contests: [
            {
              id: contestId,
              candidates: expect.arrayContaining([
                { id: ids[0], votes: 4 },
                { id: ids[1], votes: 1 },
                { id: ids[3], votes: 2 },
              ]),
              blank: 1,
              void: 3,
            },
          ],
        }),
      }),
    ])
    const json = await (
      await settle(
        resultsJsonLoader(
          args(new Request(`http://localhost/open-data/elections/${electionId}/results.json`), {
            id: electionId,
          }),
        ),
      )
    ).json()
    expect(json.polling_places[0].paper_count.contests[0]).toMatchObject({ blank: 1, void: 3 })
    expect(json.polling_places[0]).not.toHaveProperty('name_i18n')
    // The results page reads each place's name in the reader's language once a translation is
    // published (#19); the result itself keeps the name as written.
    const stored = await db
      .selectFrom('polling_places')
      .select(['name', 'name_i18n'])
      .where('id', '=', placeId)
      .executeTakeFirstOrThrow()
    await db
      .updateTable('polling_places')
      .set({
        name_i18n: withTranslation(
          storedOrPlain(stored.name_i18n, stored.name)!,
          'ar',
          'مدرسة',
          fingerprint(stored.name),
        ),
      })
      .where('id', '=', placeId)
      .execute()
    const page = await (
      await settle(
        resultsPageLoader(
          args(new Request(`http://localhost/elections/${electionId}/results`), { id: electionId }),
        ),
      )
    ).json()
    expect(page.polling_places[0].name).toBe(PLACE.name)
    expect(pickText(page.placeNames[placeId], 'ar')).toMatchObject({
      text: 'مدرسة',
      lang: 'ar',
      state: 'translated',
    })
    expect(pickText(page.placeNames[placeId], 'fr')).toMatchObject({
      text: PLACE.name,
      state: 'untranslated',
    })
    // The election's title: results.json publishes the texts and the original's language (never the
    // bookkeeping keys); the page keeps what it needs to mark an outdated translation.
    await db
      .updateTable('elections')
      .set({
        title_i18n: withTranslation(originalContent('Elección', 'es'), 'pt-BR', 'Eleição', 'ffffffff'),
      })
      .where('id', '=', electionId)
      .execute()
    const again = await (
      await settle(
        resultsJsonLoader(
          args(new Request(`http://localhost/open-data/elections/${electionId}/results.json`), {
            id: electionId,
          }),
        ),
      )
    ).json()
    expect(again.election).toMatchObject({
      title: { es: 'Elección', 'pt-BR': 'Eleição' },
      original_language: 'es',
    })
    expect(Object.keys(again.election.title).sort()).toEqual(['es', 'pt-BR'])
    expect(again).not.toHaveProperty('title_i18n')
    expect(again).not.toHaveProperty('placeNames')
    const pageAgain = await (
      await settle(
        resultsPageLoader(
          args(new Request(`http://localhost/elections/${electionId}/results`), { id: electionId }),
        ),
      )
    ).json()
    expect(pickText(pageAgain.title_i18n, 'pt-BR')).toMatchObject({ text: 'Eleição', state: 'outdated' })

    // The recount of the published board (ballots + confirmed paper counts) equals the result.
    const board = JSON.parse(JSON.stringify(await bulletinBoard(db, electionId)))
    expect(board.ballots).toHaveLength(3)
    expect(board.paper_counts).toHaveLength(1)
    const recounted = recount(board)
    expect(recounted.headsMatch).toEqual({ ballots: true, trackingCodes: true })
    expect(
      isDeepStrictEqual(outcomeSummary(recounted.result.contests), outcomeSummary(results!.contests)),
    ).toBe(true)
    // Without the paper counts the recount would not match: they are part of what is checked.
    delete board.paper_counts
    expect(
      isDeepStrictEqual(outcomeSummary(recount(board).result.contests), outcomeSummary(results!.contests)),
    ).toBe(false)
  })
})

describe('the demo', () => {
  it('the 2024 CMI election shows two places, a confirmed paper count with void votes, and recounts to its result', async () => {
    const demo = await createTestDb()
    // As before issue #20 (plaintext ballots and their board): the verifiable demo's count is
    // checked against its archive in tests/integration/belenios/demo-archive.test.ts.
    expect(await seedDemo(demo, { verifiableElection: false })).toBe(true)
    const results = (await publicResults(demo, DEMO_CMI_ELECTION))!
    expect(results.polling_places.map((p) => p.method).sort()).toEqual(['booth', 'paper'])
    const paper = results.polling_places.find((p) => p.method === 'paper')!
    expect(paper.paper_count!.contests.map((c) => c.void)).toEqual([2, 2, 2])
    expect(results.contests.every((c) => c.void > 0)).toBe(true)
    const board = JSON.parse(JSON.stringify(await bulletinBoard(demo, DEMO_CMI_ELECTION)))
    const recounted = recount(board)
    expect(recounted.headsMatch).toEqual({ ballots: true, trackingCodes: true })
    expect(outcomeSummary(recounted.result.contests)).toEqual(outcomeSummary(results.contests))
    // The open CPM election lists its two places (one written in Spanish); both vote in the booth.
    const cpm = await listPollingPlaces(demo, DEMO_CPM_ELECTION)
    expect(cpm.map((p) => [p.method, p.text_language]).sort()).toEqual([
      ['booth', 'es'],
      ['booth', 'pt-BR'],
    ])
    await demo.destroy()
  })
})
