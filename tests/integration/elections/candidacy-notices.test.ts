import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appealCandidacy, decideCandidacy } from '../../../app/elections/candidacies.server'
import { advancePhase, setCalendar } from '../../../app/elections/lifecycle.server'
import { CalendarSchema } from '../../../app/elections/schemas.server'
import { getResources } from '../../../app/i18n/resources.server'
import type { DB } from '../../../app/lib/db.server'
import { setPreference } from '../../../app/notices/preferences.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import { createTestDb } from '../../helpers/db'
import { cpmElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

// The notices of a candidacy decision (issue #18): accepted, rejected with the appeal deadline the
// election's calendar gives, appeal upheld or dismissed — each in the candidate's language, written
// in the decision's transaction; and the appeal window that deadline closes (ADR 024).

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  await openCycle(db)
})
afterEach(async () => {
  await db.destroy()
})

const TITLE = {
  'pt-BR': 'Conselhos Participativos 2027',
  es: 'Consejos Participativos 2027',
  fr: 'Conseils participatifs 2027',
  en: 'Participatory Councils 2027',
}

// 12:00 in São Paulo (UTC−3 all year since 2019).
const DECIDED = new Date('2027-03-01T15:00:00.000Z')
const DAY = 86_400_000

/** A CPM election in review with four submitted candidacies; the election has a title per language. */
async function inReview() {
  const e = await cpmElection(db, 'candidacy_open')
  await db
    .updateTable('elections')
    .set({ title_i18n: JSON.stringify(TITLE) })
    .where('id', '=', e.electionId)
    .execute()
  await moveTo(db, e.commission.id, e.electionId, 'review')
  return e
}

async function speaks(userId: string, language: string, contact: { phone?: string } = {}) {
  await db
    .updateTable('users')
    .set({
      preferred_language: language,
      ...(contact.phone ? { email: null, phone: contact.phone } : {}),
    })
    .where('id', '=', userId)
    .execute()
}

const messagesTo = (address: string) =>
  db
    .selectFrom('outbox')
    .select(['to_address', 'channel', 'language', 'subject', 'body'])
    .where('to_address', '=', address)
    .execute()

const candidacy = (id: string) =>
  db
    .selectFrom('candidacies')
    .select(['status', 'decision_reason', 'appeal_deadline', 'appeal_text'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

const auditOf = (id: string) =>
  db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('seq').execute()

describe('candidacy decision notices', () => {
  it('accepted: the candidate is told in their language (Spanish), with the election’s name in it', async () => {
    const { commission, electionId, candidates } = await inReview()
    const [rosa] = candidates
    await speaks(rosa!.id, 'es')
    expect(
      await decideCandidacy(db, { actorUserId: commission.id, candidacyId: rosa!.candidacyId, accept: true }),
    ).toEqual({ ok: true, value: null })
    const [m, ...more] = await messagesTo(rosa!.email)
    expect(more).toEqual([])
    expect(m).toMatchObject({ channel: 'email', language: 'es' })
    expect(m!.subject).toBe('Candidatura aceptada: Consejos Participativos 2027')
    expect(m!.body).toContain('Tu candidatura en "Consejos Participativos 2027" fue aceptada.')
    expect(m!.body).toContain(`/elections/${electionId}#my-candidacy`)
    expect((await candidacy(rosa!.candidacyId)).appeal_deadline).toBeNull()
  })

  it('rejected: the deadline comes from the election’s appeal days — change the days, the date changes', async () => {
    const { commission, electionId, candidates } = await inReview()
    const [a, b] = candidates
    await speaks(a!.id, 'fr')
    await speaks(b!.id, 'fr')
    expect(await setCalendar(db, { actorUserId: commission.id, electionId, appealDays: 5 })).toEqual({
      ok: true,
      value: null,
    })
    await decideCandidacy(db, {
      actorUserId: commission.id,
      candidacyId: a!.candidacyId,
      accept: false,
      reason: 'Comprovante de residência ilegível',
      now: DECIDED,
    })
    expect(await setCalendar(db, { actorUserId: commission.id, electionId, appealDays: 12 })).toMatchObject({
      ok: true,
    })
    await decideCandidacy(db, {
      actorUserId: commission.id,
      candidacyId: b!.candidacyId,
      accept: false,
      reason: 'Documento vencido',
      now: DECIDED,
    })

    const first = await candidacy(a!.candidacyId)
    expect(first).toMatchObject({ status: 'rejected', decision_reason: 'Comprovante de residência ilegível' })
    expect(first.appeal_deadline).toBe(new Date(DECIDED.getTime() + 5 * DAY).toISOString())
    const [toA] = await messagesTo(a!.email)
    expect(toA!.subject).toBe('Candidature refusée : Conseils participatifs 2027')
    expect(toA!.body).toContain("Vous pouvez faire recours jusqu'au 06/03/2027 12:00.")
    // The reason is written by the commission in Portuguese and stays on the candidacy page (the
    // notice says where): a message goes through carriers and mail servers.
    expect(toA!.body).not.toContain('ilegível')
    expect(toA!.body).toContain(`/elections/${electionId}#my-candidacy`)

    // The second rejection, decided after the commission changed the days, gives the new term; the
    // first keeps the date it was told.
    expect((await candidacy(b!.candidacyId)).appeal_deadline).toBe(
      new Date(DECIDED.getTime() + 12 * DAY).toISOString(),
    )
    const [toB] = await messagesTo(b!.email)
    expect(toB!.body).toContain("jusqu'au 13/03/2027 12:00.")
    expect((await candidacy(a!.candidacyId)).appeal_deadline).toBe(first.appeal_deadline)
    const audit = await db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity_id', '=', b!.candidacyId)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.after_json!)).toMatchObject({ appealDeadline: '2027-03-13T15:00:00.000Z' })
  })

  it('rejected, phone only: the SMS gives the deadline, short, in Haitian Creole', async () => {
    const { commission, candidates } = await inReview()
    const [jean] = candidates
    await speaks(jean!.id, 'ht', { phone: '+5511955554444' })
    await decideCandidacy(db, {
      actorUserId: commission.id,
      candidacyId: jean!.candidacyId,
      accept: false,
      reason: 'x',
      now: DECIDED,
    })
    const [m, ...more] = await messagesTo('+5511955554444')
    expect(more).toEqual([])
    expect(m).toMatchObject({ channel: 'sms', language: 'ht' })
    // Default term (10 days) on an election whose calendar never changed it.
    expect(m!.body).toMatch(
      /^Mutirao: kandidati nan Conselhos Participativos 2027 rejte\. Apèl jiska 11\/03\/2027 12:00\./,
    )
    expect(m!.body.length).toBeLessThanOrEqual(160)
  })

  it('appeal upheld and appeal dismissed: each candidate is told, in English', async () => {
    const { commission, electionId, candidates } = await inReview()
    const [upheld, dismissed] = candidates
    for (const c of [upheld!, dismissed!]) {
      await speaks(c.id, 'en')
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: c.candidacyId,
        accept: false,
        reason: 'x',
      })
      // The window counts from the notice: an appeal may be filed before the appeals phase opens.
      expect(
        await appealCandidacy(db, { userId: c.id, candidacyId: c.candidacyId, text: 'Novo documento' }),
      ).toEqual({
        ok: true,
        value: null,
      })
    }
    // Appeals are decided in the appeals phase, not before.
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: upheld!.candidacyId,
        accept: true,
      }),
    ).toEqual({ ok: false, error: 'wrong_phase' })
    await moveTo(db, commission.id, electionId, 'appeals')
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: upheld!.candidacyId,
        accept: true,
      }),
    ).toEqual({ ok: true, value: null })
    const firstDeadline = (await candidacy(dismissed!.candidacyId)).appeal_deadline
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: dismissed!.candidacyId,
        accept: false,
        reason: 'Mantido',
      }),
    ).toEqual({ ok: true, value: null })

    const toUpheld = await messagesTo(upheld!.email)
    expect(toUpheld.map((m) => m.subject)).toEqual([
      'Candidacy rejected: Participatory Councils 2027',
      'Appeal accepted: Participatory Councils 2027',
    ])
    expect(toUpheld[1]!.body).toContain('Your appeal in "Participatory Councils 2027" was accepted')
    const toDismissed = await messagesTo(dismissed!.email)
    expect(toDismissed.map((m) => m.subject)).toEqual([
      'Candidacy rejected: Participatory Councils 2027',
      'Appeal rejected: Participatory Councils 2027',
    ])
    expect(toDismissed[1]!.body).not.toContain('appeal until')
    // A dismissed appeal opens no second window, and there is no second appeal.
    const after = await candidacy(dismissed!.candidacyId)
    expect(after).toMatchObject({ status: 'rejected', appeal_text: 'Novo documento' })
    expect(after.appeal_deadline).toBe(firstDeadline)
    expect(
      await appealCandidacy(db, {
        userId: dismissed!.id,
        candidacyId: dismissed!.candidacyId,
        text: 'De novo',
      }),
    ).toEqual({ ok: false, error: 'wrong_phase' })
  })

  it('an erased account or a person who opted out gets nothing, and the decision still stands', async () => {
    const { commission, electionId, candidates } = await inReview()
    const [erased, optedOut, other] = candidates
    await setPreference(db, { userId: optedOut!.id, group: 'candidacy', channel: 'none' })
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: optedOut!.candidacyId,
        accept: false,
        reason: 'x',
      }),
    ).toEqual({ ok: true, value: null })
    expect(await messagesTo(optedOut!.email)).toEqual([])
    expect((await candidacy(optedOut!.candidacyId)).status).toBe('rejected')
    expect((await auditOf(optedOut!.candidacyId)).map((a) => a.action)).toEqual(['candidacy.rejected'])
    await appealCandidacy(db, { userId: optedOut!.id, candidacyId: optedOut!.candidacyId, text: 'x' })

    // An account marked erased that is still linked gets nothing (notify's own check).
    await db
      .updateTable('users')
      .set({ erased_at: new Date().toISOString() })
      .where('id', '=', other!.id)
      .execute()
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: other!.candidacyId,
        accept: true,
      }),
    ).toEqual({ ok: true, value: null })
    expect(await messagesTo(other!.email)).toEqual([])
    expect((await candidacy(other!.candidacyId)).status).toBe('accepted')

    // An appealed candidacy stays as a public record when its person erases their account; the
    // commission's decision on the appeal still happens, and is sent to nobody.
    await decideCandidacy(db, {
      actorUserId: commission.id,
      candidacyId: erased!.candidacyId,
      accept: false,
      reason: 'x',
    })
    await appealCandidacy(db, { userId: erased!.id, candidacyId: erased!.candidacyId, text: 'x' })
    await moveTo(db, commission.id, electionId, 'appeals')
    expect((await eraseAccount(db, erased!.id)).kept).toContain('public_candidacy')
    const before = (await messagesTo(erased!.email)).length
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: erased!.candidacyId,
        accept: true,
      }),
    ).toEqual({ ok: true, value: null })
    expect(await messagesTo(erased!.email)).toHaveLength(before)
    expect((await candidacy(erased!.candidacyId)).status).toBe('accepted')
    expect((await auditOf(erased!.candidacyId)).map((a) => a.action)).toEqual([
      'candidacy.rejected',
      'candidacy.accepted',
    ])
    // The choice covers the group (decisions and appeals alike): the appeal's outcome is not sent.
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: optedOut!.candidacyId,
        accept: true,
      }),
    ).toEqual({ ok: true, value: null })
    expect(await messagesTo(optedOut!.email)).toEqual([])
  })

  it('two commission members deciding at once: one decision, one notice, one audit entry', async () => {
    const { commission, candidates } = await inReview()
    const [c] = candidates
    const results = await Promise.all([
      decideCandidacy(db, { actorUserId: commission.id, candidacyId: c!.candidacyId, accept: true }),
      decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId: c!.candidacyId,
        accept: false,
        reason: 'x',
      }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'already_decided' }])
    const notices = await messagesTo(c!.email)
    expect(notices).toHaveLength(1)
    const status = (await candidacy(c!.candidacyId)).status
    expect(notices[0]!.subject).toMatch(
      status === 'accepted' ? /^Candidatura deferida/ : /^Candidatura indeferida/,
    )
    expect(await auditOf(c!.candidacyId)).toEqual([{ action: `candidacy.${status}` }])
  })

  it('a text missing in the candidate’s language falls back to Portuguese: the decision and its notice commit', async () => {
    const { commission, candidates } = await inReview()
    const [c] = candidates
    await speaks(c!.id, 'zh')
    const templates = getResources().zh.notices.templates as Record<string, unknown>
    const saved = templates.candidacy_accepted
    delete templates.candidacy_accepted
    try {
      expect(
        await decideCandidacy(db, { actorUserId: commission.id, candidacyId: c!.candidacyId, accept: true }),
      ).toEqual({ ok: true, value: null })
    } finally {
      templates.candidacy_accepted = saved
    }
    const [m] = await messagesTo(c!.email)
    expect(m).toMatchObject({ language: 'zh' })
    // The election's name is picked in Chinese where it has one, else in Portuguese.
    expect(m!.subject).toBe('Candidatura deferida: Conselhos Participativos 2027')
    expect((await candidacy(c!.candidacyId)).status).toBe('accepted')
  })
})

describe('the appeal window', () => {
  async function rejected(days?: number) {
    const e = await inReview()
    if (days)
      await setCalendar(db, { actorUserId: e.commission.id, electionId: e.electionId, appealDays: days })
    const [c] = e.candidates
    await decideCandidacy(db, {
      actorUserId: e.commission.id,
      candidacyId: c!.candidacyId,
      accept: false,
      reason: 'x',
      now: DECIDED,
    })
    return { ...e, c: c! }
  }

  it('takes an appeal until the deadline, in the appeals phase too, and refuses it after', async () => {
    const { commission, electionId, c } = await rejected(3)
    await moveTo(db, commission.id, electionId, 'appeals')
    const deadline = new Date(DECIDED.getTime() + 3 * DAY)
    const late = new Date(deadline.getTime() + 1)
    expect(
      await appealCandidacy(db, { userId: c.id, candidacyId: c.candidacyId, text: 'Tarde', now: late }),
    ).toEqual({ ok: false, error: 'appeal_window_closed' })
    expect(await candidacy(c.candidacyId)).toMatchObject({ status: 'rejected', appeal_text: null })
    expect(
      await appealCandidacy(db, { userId: c.id, candidacyId: c.candidacyId, text: 'A tempo', now: deadline }),
    ).toEqual({ ok: true, value: null })
    expect(await candidacy(c.candidacyId)).toMatchObject({ status: 'appealed', appeal_text: 'A tempo' })
  })

  it('the list is final only after every deadline given has passed and every appeal is decided', async () => {
    const { commission, electionId, c, candidates } = await rejected(3)
    await moveTo(db, commission.id, electionId, 'appeals')
    const deadline = new Date(DECIDED.getTime() + 3 * DAY)
    const toFinal = (now: Date) =>
      advancePhase(db, { actorUserId: commission.id, electionId, to: 'final_list', now })
    expect(await toFinal(deadline)).toEqual({ ok: false, error: 'appeal_window_open' })
    // Another candidate rejected and appealed: the list waits for the commission's decision.
    const [, other] = candidates
    await db
      .updateTable('candidacies')
      .set({ status: 'appealed', appeal_text: 'x' })
      .where('id', '=', other!.candidacyId)
      .execute()
    const late = new Date(deadline.getTime() + 1)
    expect(await toFinal(late)).toEqual({ ok: false, error: 'appeals_undecided' })
    await decideCandidacy(db, { actorUserId: commission.id, candidacyId: other!.candidacyId, accept: true })
    expect(await toFinal(late)).toEqual({ ok: true, value: { phase: 'final_list' } })
    // Once the list is final, no appeal — whatever the clock says.
    expect(
      await appealCandidacy(db, { userId: c.id, candidacyId: c.candidacyId, text: 'x', now: DECIDED }),
    ).toEqual({ ok: false, error: 'wrong_phase' })
  })

  it('a rejection from before the appeal window was data (no deadline) is bounded by the appeals phase alone', async () => {
    const { commission, electionId, c } = await rejected()
    await db
      .updateTable('candidacies')
      .set({ appeal_deadline: null })
      .where('id', '=', c.candidacyId)
      .execute()
    expect(await appealCandidacy(db, { userId: c.id, candidacyId: c.candidacyId, text: 'x' })).toEqual({
      ok: false,
      error: 'wrong_phase',
    })
    await moveTo(db, commission.id, electionId, 'appeals')
    expect(await appealCandidacy(db, { userId: c.id, candidacyId: c.candidacyId, text: 'x' })).toMatchObject({
      ok: true,
    })
  })

  it('the commission sets the days with the calendar: 1 to 60, and no more once the list is final', async () => {
    const { commission, electionId } = await inReview()
    for (const bad of ['0', '61', '2.5', 'dez'])
      expect(CalendarSchema.safeParse({ appealDays: bad }).error?.issues[0]).toMatchObject({
        path: ['appealDays'],
        message: 'number_invalid',
      })
    expect(CalendarSchema.parse({ appealDays: '' })).toEqual({})
    expect(CalendarSchema.parse({ appealDays: ' 15 ' }).appealDays).toBe(15)
    // The database holds the same bounds.
    await expect(
      db.updateTable('elections').set({ candidacy_appeal_days: 0 }).where('id', '=', electionId).execute(),
    ).rejects.toThrow()
    await moveTo(db, commission.id, electionId, 'final_list')
    expect(await setCalendar(db, { actorUserId: commission.id, electionId, appealDays: 20 })).toEqual({
      ok: false,
      error: 'wrong_phase',
      field: 'appealDays',
    })
    const { candidacy_appeal_days } = await db
      .selectFrom('elections')
      .select('candidacy_appeal_days')
      .where('id', '=', electionId)
      .executeTakeFirstOrThrow()
    expect(candidacy_appeal_days).toBe(10)
  })
})
