import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { Actor } from '../../../app/auth/permissions'
import { currentGuideFingerprint } from '../../../app/easyread/guide-text.server'
import { findGuide, type Guide } from '../../../app/easyread/guides'
import { approvedOn, recordReview, reviewOverview, reviewView } from '../../../app/easyread/reviews.server'
import type { Language } from '../../../app/i18n/config'
import type { DB } from '../../../app/lib/db.server'
import { eraseAccount, exportMyData } from '../../../app/privacy/my-data.server'
import { loader as publicGuideLoader } from '../../../app/routes/easy-read.$guide'
import {
  action as reviewAction,
  loader as reviewLoader,
} from '../../../app/routes/translate.easy-read.$lng.$guide'
import { loader as listLoader } from '../../../app/routes/translate.easy-read._index'
import { setTranslatorLanguages } from '../../../app/translations/translators.server'
import { seedDemo } from '../../../db/seed'
import { createTestDb, dropDatabasesOfThisFile, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'
import { MAX_REVIEW_NOTE_LENGTH } from '../../../app/easyread/limits'

// Issue #19, gap 2 (ADR 026 "Review"): a second reader checks an easy-read guide in their language
// through the product. The public guide says "checked on <date>" only while the latest review of
// that guide and language approves the text shipped now; a changed text (simulated by editing the
// recorded fingerprint) or a request for changes brings "waiting to be checked" back.

afterAll(dropDatabasesOfThisFile)

const REGISTRATION = findGuide('registration')!
const BALLOT = findGuide('ballot')!
const AT = new Date('2026-12-05T13:00:00.000Z')

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

async function translator(languages: Language[]): Promise<NonNullable<Actor>> {
  const user = await createUser(db, { roles: ['translator'] })
  const admin = await createUser(db, { roles: ['admin'] })
  await setTranslatorLanguages(db, { actorUserId: admin.id, userId: user.id, languages })
  return { id: user.id, roles: ['resident', 'translator'] }
}

const approve = (actor: Actor, language: Language, guide: Guide = REGISTRATION, now = AT) =>
  recordReview(
    db,
    actor,
    {
      language,
      guide,
      outcome: 'approved',
      note: null,
      fingerprint: currentGuideFingerprint(language, guide),
    },
    now,
  )

const requestChanges = (actor: Actor, language: Language, note: string, guide: Guide = REGISTRATION) =>
  recordReview(
    db,
    actor,
    {
      language,
      guide,
      outcome: 'changes_requested',
      note,
      fingerprint: currentGuideFingerprint(language, guide),
    },
    AT,
  )

const stateIn = async (actor: Actor, language: Language, guide = 'registration') =>
  (await reviewOverview(db, actor))
    .find((l) => l.language === language)
    ?.guides.find((g) => g.guide === guide)

describe('reviewing an easy-read guide (domain)', () => {
  it('nobody has checked a guide: every language waits; an approval shows in that language only', async () => {
    const a = await translator(['ht', 'fr'])
    expect(Object.values(await approvedOn(db, REGISTRATION)).every((d) => d === null)).toBe(true)
    expect(await stateIn(a, 'ht')).toMatchObject({ state: 'never', reviewedAt: null, mayReview: true })

    const done = await approve(a, 'ht')
    expect(done).toMatchObject({ ok: true, value: { reviewNumber: 1 } })
    const dates = await approvedOn(db, REGISTRATION)
    expect(dates.ht).toBe(AT.toISOString())
    expect(dates.fr).toBeNull()
    expect(dates['pt-BR']).toBeNull()
    expect((await approvedOn(db, BALLOT)).ht).toBeNull()
    expect(await stateIn(a, 'ht')).toMatchObject({ state: 'approved', reviewedAt: AT.toISOString() })

    // Audited with ids only.
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'easyRead.review')
      .executeTakeFirstOrThrow()
    expect(audit.actor_user_id).toBe(a.id)
    expect(JSON.parse(audit.after_json!)).toEqual({
      guide: 'registration',
      language: 'ht',
      review_number: 1,
      outcome: 'approved',
      text_fingerprint: currentGuideFingerprint('ht', REGISTRATION),
    })
  })

  it('never the same person twice in a row; a request for changes brings "waiting" back', async () => {
    const a = await translator(['ht'])
    const b = await translator(['ht', 'ar'])
    expect((await approve(a, 'ht')).ok).toBe(true)
    expect(await approve(a, 'ht')).toMatchObject({ ok: false, error: 'reviewed_last' })
    expect(await stateIn(a, 'ht')).toMatchObject({ mayReview: false })
    const view = await reviewView(db, a, { language: 'ht', guide: REGISTRATION })
    expect(view.ok && view.value).toMatchObject({ mayReview: false, reviewedLast: true })

    expect((await requestChanges(b, 'ht', 'Etap 3: "prèv adrès" pa klè.')).ok).toBe(true)
    expect((await approvedOn(db, REGISTRATION)).ht).toBeNull()
    expect(await stateIn(b, 'ht')).toMatchObject({ state: 'changes_requested', mayReview: false })
    // Now A may record the next review again.
    expect(await approve(a, 'ht')).toMatchObject({ ok: true, value: { reviewNumber: 3 } })
    expect((await approvedOn(db, REGISTRATION)).ht).toBe(AT.toISOString())
    const history = await reviewView(db, b, { language: 'ht', guide: REGISTRATION })
    expect(history.ok && history.value.history.map((h) => [h.outcome, h.byYou, h.note])).toEqual([
      ['approved', false, null],
      ['changes_requested', true, 'Etap 3: "prèv adrès" pa klè.'],
      ['approved', false, null],
    ])
  })

  it('only a holder of the language or the secretariat; a resident never', async () => {
    const fr = await translator(['fr'])
    expect(await approve(fr, 'ar')).toMatchObject({ ok: false, error: 'not_your_language' })
    expect(await reviewView(db, fr, { language: 'ar', guide: REGISTRATION })).toMatchObject({
      ok: false,
      error: 'not_your_language',
    })
    const resident = await createUser(db)
    expect(await approve({ id: resident.id, roles: ['resident'] }, 'fr')).toMatchObject({
      ok: false,
      error: 'not_your_language',
    })
    expect(await approve(null, 'fr')).toMatchObject({ ok: false, error: 'not_your_language' })
    const staff = await createUser(db, { roles: ['secretariat'] })
    const secretariat: Actor = { id: staff.id, roles: ['secretariat'] }
    expect((await approve(secretariat, 'zh')).ok).toBe(true)
    expect((await reviewOverview(db, secretariat)).map((l) => l.language)).toHaveLength(7)
    expect((await reviewOverview(db, fr)).map((l) => l.language)).toEqual(['fr'])
    expect(await db.selectFrom('easy_read_reviews').select('language').execute()).toEqual([
      { language: 'zh' },
    ])
  })

  it('a changed text (another fingerprint) is "outdated" for reviewers and "waiting" for readers', async () => {
    const a = await translator(['es'])
    expect((await approve(a, 'es')).ok).toBe(true)
    expect((await approvedOn(db, REGISTRATION)).es).toBe(AT.toISOString())
    // Simulate the locale text changing after the approval: the recorded fingerprint no longer
    // matches the text shipped now.
    await db.updateTable('easy_read_reviews').set({ text_fingerprint: '0badf00d' }).execute()
    expect((await approvedOn(db, REGISTRATION)).es).toBeNull()
    expect(await stateIn(a, 'es')).toMatchObject({ state: 'outdated' })
    const view = await reviewView(db, a, { language: 'es', guide: REGISTRATION })
    expect(view.ok && view.value.state).toBe('outdated')
    expect(view.ok && view.value.history[0].sameText).toBe(false)
  })

  it('a decision on a text other than the one shipped now is refused', async () => {
    const a = await translator(['es'])
    const stale = await recordReview(db, a, {
      language: 'es',
      guide: REGISTRATION,
      outcome: 'approved',
      note: null,
      fingerprint: '0badf00d',
    })
    expect(stale).toMatchObject({ ok: false, error: 'text_changed' })
    expect(await db.selectFrom('easy_read_reviews').selectAll().execute()).toEqual([])
  })

  it('two reviews at once by the same person: one is recorded, the other refused', async () => {
    const a = await translator(['fr'])
    const [first, second] = await Promise.all([approve(a, 'fr'), approve(a, 'fr')])
    const outcomes = [first, second].map((r) => (r.ok ? 'ok' : r.error)).sort()
    expect(outcomes[0]).toBe('ok')
    expect(['reviewed_last', 'review_conflict']).toContain(outcomes[1])
    expect(await db.selectFrom('easy_read_reviews').select('review_number').execute()).toEqual([
      { review_number: 1 },
    ])
  })

  it('the database refuses a second review with the same number, an unknown guide or outcome', async () => {
    const a = await translator(['fr'])
    expect((await approve(a, 'fr')).ok).toBe(true)
    const row = {
      id: 'x1',
      guide: 'registration' as const,
      language: 'fr',
      review_number: 1,
      text_fingerprint: '00000000',
      reviewer_id: null,
      reviewed_at: AT.toISOString(),
      outcome: 'approved' as const,
      note: null,
    }
    await expect(db.insertInto('easy_read_reviews').values(row).execute()).rejects.toThrow()
    await expect(
      db
        .insertInto('easy_read_reviews')
        .values({ ...row, id: 'x2', review_number: 2, guide: 'pollingPlace' as never })
        .execute(),
    ).rejects.toThrow()
    await expect(
      db
        .insertInto('easy_read_reviews')
        .values({ ...row, id: 'x3', review_number: 2, outcome: 'maybe' as never })
        .execute(),
    ).rejects.toThrow()
    await expect(
      db
        .insertInto('easy_read_reviews')
        .values({ ...row, id: 'x4', review_number: 2, note: 'x'.repeat(2001) })
        .execute(),
    ).rejects.toThrow()
  })
})

describe('the demo', () => {
  it('records no review: no second speaker checked the demo texts, so every guide waits', async () => {
    // Without the 2024 election's Belenios archive (most of the seed's time; tests/integration/belenios/demo-archive.test.ts has it).
    expect(await seedDemo(db, { verifiableElection: false })).toBe(true)
    expect(await db.selectFrom('easy_read_reviews').selectAll().execute()).toEqual([])
    const translatorA: Actor = { id: 'demo-translator-a', roles: ['resident', 'translator'] }
    for (const language of await reviewOverview(db, translatorA))
      expect(language.guides.map((g) => g.state)).toEqual(['never', 'never', 'never', 'never'])
  })
})

describe('LGPD', () => {
  it("a reviewer's export lists their reviews; erasure keeps the review without them or their note", async () => {
    const a = await translator(['ht'])
    const b = await translator(['ht'])
    expect((await requestChanges(a, 'ht', 'Mo "pwotokòl" la twò difisil.')).ok).toBe(true)
    expect((await approve(b, 'ht')).ok).toBe(true)
    const exported = (await exportMyData(db, a.id)) as unknown as { easy_read_reviews: unknown[] }
    expect(exported.easy_read_reviews).toEqual([
      expect.objectContaining({
        guide: 'registration',
        language: 'ht',
        outcome: 'changes_requested',
        note: 'Mo "pwotokòl" la twò difisil.',
      }),
    ])
    await eraseAccount(db, a.id)
    await eraseAccount(db, b.id)
    const rows = await db
      .selectFrom('easy_read_reviews')
      .select(['reviewer_id', 'note', 'outcome'])
      .orderBy('review_number')
      .execute()
    expect(rows).toEqual([
      { reviewer_id: null, note: null, outcome: 'changes_requested' },
      { reviewer_id: null, note: null, outcome: 'approved' },
    ])
    // The guide stays checked: the approval is the project's record, not the person's.
    expect((await approvedOn(db, REGISTRATION)).ht).toBe(AT.toISOString())
  })
})

describe('the routes', () => {
  const page = '/translate/easy-read/ht/registration'
  const params = { lng: 'ht', guide: 'registration' }
  const post = async (userId: string | null, body: Record<string, string>, p = params) =>
    settle(
      reviewAction(
        args(
          await requestAs(db, userId, `/translate/easy-read/${p.lng}/${p.guide}`, {
            method: 'POST',
            body: form(body),
          }),
          p,
        ),
      ),
    )
  const publicGuide = async (lng: string) =>
    (await (
      await settle(
        publicGuideLoader(args(new Request(`http://localhost/easy-read/registration?lng=${lng}`), params)),
      )
    ).json()) as { approvedOn: Record<string, string | null> }

  it('a translator approves through the form; the public guide then says so in that language', async () => {
    const a = await translator(['ht'])
    const list = await settle(listLoader(args(await requestAs(db, a.id, '/translate/easy-read'))))
    expect(list.status).toBe(200)
    const body = (await list.json()) as { languages: { language: string; guides: { state: string }[] }[] }
    expect(body.languages.map((l) => l.language)).toEqual(['ht'])
    expect(body.languages[0].guides.map((g) => g.state)).toEqual(['never', 'never', 'never', 'never'])

    const view = await settle(reviewLoader(args(await requestAs(db, a.id, page), params)))
    expect(view.status).toBe(200)
    const shown = (await view.json()) as {
      fingerprint: string
      text: { language: string; steps: unknown[] }
      original: { language: string }
    }
    expect(shown.text.language).toBe('ht')
    expect(shown.original.language).toBe('pt-BR')
    expect(shown.text.steps).toHaveLength(8)
    expect((await publicGuide('ht')).approvedOn.ht).toBeNull()

    const done = await post(a.id, { intent: 'approve', fingerprint: shown.fingerprint })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(`${page}?done=approved`)
    const after = await publicGuide('ht')
    expect(after.approvedOn.ht).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(after.approvedOn.fr).toBeNull()

    // Twice in a row: refused, with the reason for the form.
    const again = await post(a.id, { intent: 'approve', fingerprint: shown.fingerprint })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ fieldErrors: { form: 'reviewed_last' } })
  })

  it('asking for changes needs a note (beside the field, what was typed kept), then hides the approval', async () => {
    const a = await translator(['ht'])
    const b = await translator(['ht'])
    const fingerprint = currentGuideFingerprint('ht', REGISTRATION)
    expect((await post(a.id, { intent: 'approve', fingerprint })).status).toBe(302)
    const empty = await post(b.id, { intent: 'requestChanges', fingerprint, note: '   ' })
    expect(empty.status).toBe(400)
    expect(await empty.json()).toMatchObject({ fieldErrors: { note: 'required' } })
    const badPrint = await post(b.id, { intent: 'requestChanges', fingerprint: 'zz', note: 'x' })
    expect(badPrint.status).toBe(400)
    const stale = await post(b.id, { intent: 'requestChanges', fingerprint: '0badf00d', note: 'Etap 2.' })
    expect(stale.status).toBe(409)
    expect(await stale.json()).toMatchObject({
      fieldErrors: { form: 'text_changed' },
      values: { note: 'Etap 2.' },
    })
    // At the limit as the textarea's maxlength counts it: each line break is one character there,
    // two (CR LF) in the form the browser sends.
    const atLimit = `${'a'.repeat(MAX_REVIEW_NOTE_LENGTH - 20)}${'\r\nb'.repeat(10)}`
    expect(atLimit.length).toBe(MAX_REVIEW_NOTE_LENGTH + 10)
    const over = await post(b.id, { intent: 'requestChanges', fingerprint, note: `${atLimit}c` })
    expect(await over.json()).toMatchObject({ fieldErrors: { note: 'too_long' } })
    const done = await post(b.id, { intent: 'requestChanges', fingerprint, note: atLimit })
    expect(done.headers.get('Location')).toBe(`${page}?done=changes_requested`)
    expect((await publicGuide('ht')).approvedOn.ht).toBeNull()
  })

  it('refuses other languages (403), unknown guides or languages (404), anonymous visitors and residents', async () => {
    const a = await translator(['ht'])
    const other = { lng: 'ar', guide: 'registration' }
    expect(
      (
        await settle(
          reviewLoader(args(await requestAs(db, a.id, '/translate/easy-read/ar/registration'), other)),
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await post(
          a.id,
          { intent: 'approve', fingerprint: currentGuideFingerprint('ar', REGISTRATION) },
          other,
        )
      ).status,
    ).toBe(403)
    for (const p of [
      { lng: 'ht', guide: 'pollingPlace' },
      { lng: 'xx', guide: 'registration' },
      { lng: 'ht', guide: '../ballot' },
    ])
      expect(
        (await settle(reviewLoader(args(await requestAs(db, a.id, '/translate/easy-read/x/y'), p)))).status,
        JSON.stringify(p),
      ).toBe(404)
    const anonymous = await post(null, { intent: 'approve', fingerprint: '00000000' })
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    const resident = await createUser(db, { roles: ['resident'] })
    expect((await post(resident.id, { intent: 'approve', fingerprint: '00000000' })).status).toBe(403)
    expect(await db.selectFrom('easy_read_reviews').selectAll().execute()).toEqual([])
  })
})
