import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { action as applyAction } from '../../../app/routes/elections.$id.apply'
import { action as voteAction, loader as voteLoader } from '../../../app/routes/elections.$id.vote'
import { loader as verifyLoader } from '../../../app/routes/elections.$id.verify'
import { loader as resultsLoader } from '../../../app/routes/elections.$id.results'
import { action as manageAction } from '../../../app/routes/staff.elections.$id._index'
import { action as createAction } from '../../../app/routes/staff.elections._index'
import { action as pollAction } from '../../../app/routes/staff.elections.$id.polling-station'
import { loader as ballotsLoader } from '../../../app/routes/open-data.elections.$id.ballots[.json]'
import { loader as resultsJsonLoader } from '../../../app/routes/open-data.elections.$id.results[.json]'
import { loader as indexJsonLoader } from '../../../app/routes/open-data.elections[.json]'
import { publicOrigin } from '../../../app/lib/env.server'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, moveTo, pollingPlace } from '../../helpers/elections'
import { createUser, form, requestAs, withCookie } from '../../helpers/factories'
import { has, jpegWithGps, pngWithGps } from '../../helpers/images'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

/** A complete candidacy by a person (every confirmation ticked); tests add the photo. */
function personalCandidacyForm(contestId: string): FormData {
  const body = new FormData()
  for (const [k, v] of Object.entries({
    contestId,
    kind: 'person',
    statement: 'x',
    statementLanguage: 'es',
    checkEligible: 'yes',
    checkRules: 'yes',
    checkPublic: 'yes',
  }))
    body.set(k, v)
  return body
}

describe('online voting route (no JavaScript: plain form posts)', () => {
  it('choose → review → confirm shows the tracking code once; a second visit says the person has voted', async () => {
    const { electionId, contestId, candidates, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const voter = voters[0]
    const post = async (body: Record<string, string>) =>
      settle(
        voteAction(
          args(
            await requestAs(db, voter.id, `/elections/${electionId}/vote`, {
              method: 'POST',
              body: form(body),
            }),
            { id: electionId },
          ),
        ),
      )
    const missing = await post({ intent: 'review' })
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({ step: 'edit', missing: [contestId] })
    const review = await post({ intent: 'review', [`contest_${contestId}`]: candidates[2].candidacyId })
    expect(await review.json()).toMatchObject({
      step: 'review',
      selected: { [contestId]: candidates[2].candidacyId },
    })
    expect(await db.selectFrom('ballots').selectAll().execute()).toHaveLength(0) // reviewing casts nothing
    const cast = await post({ intent: 'cast', [`contest_${contestId}`]: candidates[2].candidacyId })
    const body = await cast.json()
    expect(body.step).toBe('done')
    expect(body.receipt.trackingCode).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)
    const again = await post({ intent: 'cast', [`contest_${contestId}`]: candidates[0].candidacyId })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ error: 'already_voted' })
    const page = await settle(
      voteLoader(args(await requestAs(db, voter.id, `/elections/${electionId}/vote`), { id: electionId })),
    )
    expect(await page.json()).toMatchObject({ state: 'already_voted', contests: [] })
    expect(await db.selectFrom('ballots').select('candidacy_id').execute()).toEqual([
      { candidacy_id: candidates[2].candidacyId },
    ])
  })

  it('sends anonymous visitors to log in, and refuses a forged choice', async () => {
    const { electionId, contestId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const anonymous = await settle(
      voteLoader(args(await requestAs(db, null, `/elections/${electionId}/vote`), { id: electionId })),
    )
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    const forged = await settle(
      voteAction(
        args(
          await requestAs(db, voters[0].id, `/elections/${electionId}/vote`, {
            method: 'POST',
            body: form({ intent: 'cast', [`contest_${contestId}`]: 'not-a-candidate' }),
          }),
          { id: electionId },
        ),
      ),
    )
    expect(forged.status).toBe(400)
    expect(await db.selectFrom('ballots').selectAll().execute()).toHaveLength(0)
  })
})

describe('candidacy route', () => {
  it('keeps the typed values and shows a message per field when the checklist or organisation name is missing', async () => {
    const { electionId, contestId } = await cpmElection(db, 'candidacy_open', { voters: 1 })
    const voter = (
      await db
        .selectFrom('voter_registrations')
        .select('user_id')
        .where('full_name', 'like', 'Voter%')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
    ).user_id!
    const body = new FormData()
    for (const [k, v] of Object.entries({
      contestId,
      kind: 'immigrant_organisation',
      statement: 'Minha proposta',
      statementLanguage: 'es',
      checkEligible: 'yes',
    }))
      body.set(k, v)
    const response = await settle(
      applyAction(
        args(await requestAs(db, voter, `/elections/${electionId}/apply`, { method: 'POST', body }), {
          id: electionId,
        }),
      ),
    )
    expect(response.status).toBe(400)
    const json = await response.json()
    expect(json.fieldErrors).toEqual({
      organisationName: 'required',
      alternateRepresentative: 'required',
      proof: 'proof_missing',
      checkRules: 'confirm_required',
      checkPublic: 'confirm_required',
    })
    expect(json.values).toMatchObject({ statement: 'Minha proposta', kind: 'immigrant_organisation' })
  })

  it('refuses a PDF as a photo', async () => {
    const { electionId, contestId, voters } = await cpmElection(db, 'candidacy_open', { voters: 1 })
    const body = personalCandidacyForm(contestId)
    body.set(
      'photo',
      new File([new TextEncoder().encode('%PDF-1.4 ...')], 'me.pdf', { type: 'application/pdf' }),
    )
    const response = await settle(
      applyAction(
        args(await requestAs(db, voters[0].id, `/elections/${electionId}/apply`, { method: 'POST', body }), {
          id: electionId,
        }),
      ),
    )
    expect(response.status).toBe(400)
    expect((await response.json()).fieldErrors).toEqual({ photo: 'photo_type' })
  })
  // Issue #16.16: the photo is published once the list is; where it was taken must not be.
  for (const [kind, fixture] of [
    ['JPEG', jpegWithGps],
    ['PNG', pngWithGps],
  ] as const) {
    it(`stores a ${kind} photo without its EXIF (GPS), XMP, IPTC or comments`, async () => {
      const { electionId, contestId, voters } = await cpmElection(db, 'candidacy_open', { voters: 1 })
      const body = personalCandidacyForm(contestId)
      const photo = fixture()
      expect(has(photo, 'GPSLatitude')).toBe(true)
      body.set('photo', new File([Buffer.from(photo)], 'me.img', { type: 'image/jpeg' }))
      const response = await settle(
        applyAction(
          args(
            await requestAs(db, voters[0].id, `/elections/${electionId}/apply`, { method: 'POST', body }),
            {
              id: electionId,
            },
          ),
        ),
      )
      expect(response.status).toBe(302)
      const { photo_key } = await db
        .selectFrom('candidacies')
        .select('photo_key')
        .where('user_id', '=', voters[0].id)
        .executeTakeFirstOrThrow()
      const stored = new Uint8Array(readFileSync(join(process.env.UPLOAD_DIR!, photo_key!)))
      for (const trace of ['Exif', 'GPSLatitude', 'xmpmeta', '8BIM', 'taken at home', 'Rosa Quispe'])
        expect(has(stored, trace), trace).toBe(false)
      expect(stored.length).toBeGreaterThan(50)
      expect(stored.length).toBeLessThan(photo.length)
    })
  }

  it('refuses a truncated JPEG as a photo, storing nothing', async () => {
    const { electionId, contestId, voters } = await cpmElection(db, 'candidacy_open', { voters: 1 })
    const body = personalCandidacyForm(contestId)
    body.set(
      'photo',
      new File([Buffer.from(jpegWithGps().subarray(0, 300))], 'me.jpg', { type: 'image/jpeg' }),
    )
    const response = await settle(
      applyAction(
        args(await requestAs(db, voters[0].id, `/elections/${electionId}/apply`, { method: 'POST', body }), {
          id: electionId,
        }),
      ),
    )
    expect(response.status).toBe(400)
    expect((await response.json()).fieldErrors).toEqual({ photo: 'photo_type' })
    expect(
      await db.selectFrom('candidacies').select('id').where('user_id', '=', voters[0].id).execute(),
    ).toEqual([])
  })
})

describe('commission and polling-station routes', () => {
  it('only the electoral commission creates elections and moves phases', async () => {
    const { electionId } = await cpmElection(db, 'candidacy_open')
    const resident = await createUser(db, { roles: ['resident'] })
    const refused = await settle(
      manageAction(
        args(
          await requestAs(db, resident.id, `/staff/elections/${electionId}`, {
            method: 'POST',
            body: form({ intent: 'advance', to: 'review' }),
          }),
          { id: electionId },
        ),
      ),
    )
    expect(refused.status).toBe(403)
    const createRefused = await settle(
      createAction(
        args(
          await requestAs(db, resident.id, '/staff/elections', {
            method: 'POST',
            body: form({ body: 'cmi' }),
          }),
        ),
      ),
    )
    expect(createRefused.status).toBe(403)
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const moved = await settle(
      manageAction(
        args(
          await requestAs(db, commission.id, `/staff/elections/${electionId}`, {
            method: 'POST',
            body: form({ intent: 'advance', to: 'review' }),
          }),
          { id: electionId },
        ),
      ),
    )
    expect(moved.headers.get('Location')).toBe(`/staff/elections/${electionId}?done=moved_review`)
    const skipped = await settle(
      manageAction(
        args(
          await requestAs(db, commission.id, `/staff/elections/${electionId}`, {
            method: 'POST',
            body: form({ intent: 'advance', to: 'closed' }),
          }),
          { id: electionId },
        ),
      ),
    )
    expect(skipped.status).toBe(409)
  })

  it('creating an election with bad input answers 400 per field, keeping the rest', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const response = await settle(
      createAction(
        args(
          await requestAs(db, commission.id, '/staff/elections', {
            method: 'POST',
            body: form({
              body: 'cmi',
              'title_pt-BR': '',
              title_es: 'Elección',
              seatsA: 'três',
              seatsB: '2',
              seatsC: '2',
              minSeats: '1',
              shareSteps: '3 %',
              alternates: '2',
              overallSeats: '2',
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
    expect(response.status).toBe(400)
    const json = await response.json()
    expect(json.fieldErrors).toEqual({
      'title_pt-BR': 'required',
      seatsA: 'number_invalid',
      shareSteps: 'share_steps_invalid',
    })
    expect(json.values.title_es).toBe('Elección')
  })

  it('a named poll worker on an enrolled device opens the booth; the ballot is not cast on the staff page', async () => {
    const { commission, electionId, contestId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const { worker, deviceToken } = await pollingPlace(db, { electionId, commissionId: commission.id })
    const post = async (body: Record<string, string>, who = worker.id) =>
      settle(
        pollAction(
          args(
            withCookie(
              await requestAs(db, who, `/staff/elections/${electionId}/polling-station`, {
                method: 'POST',
                body: form(body),
              }),
              `mutirao_device=${deviceToken}`,
            ),
            { id: electionId },
          ),
        ),
      )
    const unchecked = await post({ intent: 'open', registrationId: voters[0].registrationId })
    expect(unchecked.status).toBe(400)
    // The staff page has no ballot intents any more (the booth does: booth.test.ts).
    expect((await post({ intent: 'cast', token: 'x', [`contest_${contestId}`]: 'blank' })).status).toBe(400)
    const opened = await post({
      intent: 'open',
      registrationId: voters[0].registrationId,
      documentChecked: 'yes',
    })
    expect(opened.headers.get('Location')).toBe('/booth')
    const again = await post({
      intent: 'open',
      registrationId: voters[0].registrationId,
      documentChecked: 'yes',
    })
    expect(again.status).toBe(409)
    const resident = await createUser(db)
    const refused = await post(
      { intent: 'open', registrationId: voters[0].registrationId, documentChecked: 'yes' },
      resident.id,
    )
    expect(refused.status).toBe(403)
  })
})

describe('results, verification and open data', () => {
  it('the board and the results are published only after closing and counting; the code check works', async () => {
    const { commission, electionId, contestId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const cast = await (
      await settle(
        voteAction(
          args(
            await requestAs(db, voters[0].id, `/elections/${electionId}/vote`, {
              method: 'POST',
              body: form({ intent: 'cast', [`contest_${contestId}`]: 'blank' }),
            }),
            { id: electionId },
          ),
        ),
      )
    ).json()
    const trackingCode: string = cast.receipt.trackingCode
    const get = (loader: typeof ballotsLoader, path: string) =>
      requestAs(db, null, path).then((r) => settle(loader(args(r, { id: electionId }))))
    expect((await get(ballotsLoader, `/open-data/elections/${electionId}/ballots.json`)).status).toBe(404)
    expect((await get(resultsJsonLoader, `/open-data/elections/${electionId}/results.json`)).status).toBe(404)
    expect((await get(resultsLoader, `/elections/${electionId}/results`)).status).toBe(404)
    await moveTo(db, commission.id, electionId, 'preliminary_result')
    const board = await (await get(ballotsLoader, `/open-data/elections/${electionId}/ballots.json`)).json()
    expect(board.tracking_codes).toEqual([trackingCode])
    const results = await get(resultsJsonLoader, `/open-data/elections/${electionId}/results.json`)
    expect(results.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const json = await results.json()
    expect(json).toMatchObject({ version: 1, status: 'preliminary' })
    expect(json.contests.find((c: { id: string }) => c.id === contestId)).toMatchObject({
      blank: 1,
      turnout: { voted: 1 },
    })
    const verify = await (
      await get(
        verifyLoader,
        `/elections/${electionId}/verify?code=${encodeURIComponent(trackingCode.toLowerCase())}`,
      )
    ).json()
    expect(verify.outcome).toBe('found')
    const unknown = await (
      await get(verifyLoader, `/elections/${electionId}/verify?code=AAAA-BBBB-CCCC-DDDD`)
    ).json()
    expect(unknown.outcome).toBe('not_found')
    const index = await (
      await settle(indexJsonLoader(args(await requestAs(db, null, '/open-data/elections.json'))))
    ).json()
    expect(index.elections[0]).toMatchObject({
      id: electionId,
      phase: 'preliminary_result',
      // From PUBLIC_ORIGIN, never from the request (issue #16.5).
      results_url: `${publicOrigin()}/open-data/elections/${electionId}/results.json`,
    })
  })
})
