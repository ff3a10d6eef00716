import { afterAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../../app/auth/permissions'
import { fingerprint, originalContent, pickText } from '../../../app/i18n/content'
import type { DB } from '../../../app/lib/db.server'
import { newId } from '../../../app/lib/ids.server'
import { applyForCandidacy } from '../../../app/elections/candidacies.server'
import { parseBatch, parseXliff } from '../../../app/translations/batch'
import { maxLengthOf } from '../../../app/translations/fields'
import {
  exportBatch,
  importBatch,
  IMPORT_POLICY,
  MAX_IMPORTED_ROWS,
} from '../../../app/translations/batch.server'
import { QueueQuerySchema, TextParamsSchema } from '../../../app/translations/schemas.server'
import { setTranslatorLanguages } from '../../../app/translations/translators.server'
import { editorView, queue, review, reviewList, submit } from '../../../app/translations/workflow.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'
import { approvedVoter, cmiElection } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { planInForce } from '../../helpers/plan'
import { openCycle } from '../../helpers/registration'

// Findings of the security review of the translation workflow (issue #19, session 29).

afterAll(dropDatabasesOfThisFile)

const TITLE = 'plan_action.title'
const DESCRIPTION = 'plan_action.description'

async function translator(db: DB, languages: ('ht' | 'fr' | 'ar' | 'zh')[]): Promise<NonNullable<Actor>> {
  const user = await createUser(db, { roles: ['translator'] })
  const admin = await createUser(db, { roles: ['admin'] })
  await setTranslatorLanguages(db, { actorUserId: admin.id, userId: user.id, languages })
  return { id: user.id, roles: ['resident', 'translator'] }
}

async function setup() {
  const db = await createTestDb()
  const plan = await planInForce(db)
  const action = await db
    .selectFrom('plan_actions')
    .select(['id', 'code', 'title_i18n'])
    .where('edition_id', '=', plan.editionId)
    .where('code', '=', '4.1.1')
    .executeTakeFirstOrThrow()
  const original = pickText(action.title_i18n, 'pt-BR').text
  const a = await translator(db, ['ht', 'fr'])
  const b = await translator(db, ['ht', 'ar'])
  const secretariat: NonNullable<Actor> = { id: plan.secretariat.id, roles: ['resident', 'secretariat'] }
  return { db, plan, action, original, basis: fingerprint(original), a, b, secretariat }
}

const xliff = (id: string, target: string) =>
  `<?xml version="1.0"?><xliff version="1.2"><file><body><trans-unit id="${id}"><source>x</source>` +
  `<target>${target}</target></trans-unit></body></file></xliff>`

const pendingText = async (db: DB, id: string) =>
  (
    await db
      .selectFrom('translation_submissions')
      .select('text')
      .where('entity_id', '=', id)
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow()
  ).text

describe('finding 1: control characters and oversized columns', () => {
  it('an XLIFF character reference to a control character or a lone surrogate makes the row malformed', () => {
    for (const ref of ['&#1;', '&#x1b;', '&#127;', '&#xD800;', '&#xDFFF;', '&#0;']) {
      const parsed = parseXliff(xliff('k|e|abcdef12', `De${ref}kanpay`))
      expect(parsed.ok && parsed.rows[0]).toEqual({ line: 1, malformed: true })
    }
    // Tab, line feed and carriage return are text.
    const fine = parseXliff(xliff('k|e|abcdef12', 'a&#9;b&#10;c'))
    expect(fine.ok && fine.rows[0]).toMatchObject({ target: 'a\tb\nc' })
  })

  it('decoded targets are NFC and free of control characters, in XLIFF (CDATA too) and CSV', () => {
    const decomposed = 'e\u0301' // é, decomposed
    const x = parseXliff(xliff('k|e|abcdef12', `<![CDATA[a${decomposed}\u0001]]>`))
    expect(x.ok && x.rows[0]).toMatchObject({ target: 'a\u00e9' })
    const csv = parseBatch(`kind,id,basis,source,target\r\nk,e,abcdef12,x,"a${decomposed}\u0007b"\r\n`)
    expect(csv.ok && csv.rows[0]).toMatchObject({ target: 'a\u00e9b' })
  })

  it('submit() strips control characters and lone surrogates and normalises, whatever the path', async () => {
    const { db, a, action, basis } = await setup()
    const sent = await submit(db, a, {
      kind: TITLE,
      id: action.id,
      language: 'ht',
      text: ' De\u0001 kanpay\u0000 e\u0301\uD800 ',
      basis,
    })
    expect(sent.ok).toBe(true)
    expect(await pendingText(db, action.id)).toBe('De kanpay \u00e9')
    // Nothing but control characters is empty.
    expect(
      await submit(db, a, { kind: TITLE, id: action.id, language: 'ht', text: '\u0001\u0002', basis }),
    ).toMatchObject({ ok: false, error: 'empty' })
  })

  it('publishing a translation that would push the column past what readers parse returns it as too_long', async () => {
    const { db, a, b, action } = await setup()
    const long = 'o'.repeat(190_000)
    await db
      .updateTable('plan_actions')
      .set({ description_i18n: originalContent(long) })
      .where('id', '=', action.id)
      .execute()
    const sent = await submit(db, a, {
      kind: DESCRIPTION,
      id: action.id,
      language: 'ht',
      text: 't'.repeat(15_000),
      basis: fingerprint(long),
    })
    expect(sent.ok).toBe(true)
    const pending = (await reviewList(db, b)).find((s) => s.entityId === action.id && s.kind === DESCRIPTION)!
    expect(await review(db, b, { submissionId: pending.id, decision: 'publish' })).toEqual({
      ok: true,
      value: { status: 'returned', reason: 'too_long' },
    })
    const stored = (
      await db
        .selectFrom('plan_actions')
        .select('description_i18n')
        .where('id', '=', action.id)
        .executeTakeFirstOrThrow()
    ).description_i18n
    expect(pickText(stored, 'ht')).toMatchObject({ text: long, state: 'untranslated' })
    const row = await db
      .selectFrom('translation_submissions')
      .select(['status', 'review_note'])
      .where('id', '=', pending.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'returned', review_note: 'too_long' })
  })
})

describe('finding 2: candidacy statements only once candidates are public', () => {
  it('an accepted candidacy in review is absent from the queue, the editor, submit and the export', async () => {
    const { db, secretariat } = await setup()
    await openCycle(db)
    const { electionId, contests } = await cmiElection(db)
    const voter = await approvedVoter(db)
    const statement = 'Um conselho que escute as comunidades.'
    const applied = await applyForCandidacy(db, {
      userId: voter.id,
      electionId,
      contestId: contests.C,
      kind: 'person',
      statement,
      language: 'pt-BR',
    })
    if (!applied.ok) throw new Error(applied.error)
    const id = applied.value.id
    await db.updateTable('candidacies').set({ status: 'accepted' }).where('id', '=', id).execute()
    await db.updateTable('elections').set({ phase: 'review' }).where('id', '=', electionId).execute()
    const kind = 'candidacy.statement'
    const queued = await queue(db, secretariat, { language: 'ht', page: 1, kind })
    expect(queued.ok && queued.value.items.map((i) => i.id)).not.toContain(id)
    expect(await editorView(db, secretariat, { kind, id, language: 'ht' })).toMatchObject({
      ok: false,
      error: 'not_found',
    })
    expect(
      await submit(db, secretariat, {
        kind,
        id,
        language: 'ht',
        text: 'Yon konsèy',
        basis: fingerprint(statement),
      }),
    ).toMatchObject({ ok: false, error: 'not_found' })
    const csv = await exportBatch(db, secretariat, 'ht', 'csv')
    expect(csv.ok && csv.value.includes(id)).toBe(false)
    // From the provisional list on, it is queued.
    await db
      .updateTable('elections')
      .set({ phase: 'provisional_list' })
      .where('id', '=', electionId)
      .execute()
    const later = await queue(db, secretariat, { language: 'ht', page: 1, kind })
    expect(later.ok && later.value.items.map((i) => i.id)).toContain(id)
  })
})

describe('finding 3: bounded imports', () => {
  const csv = (rows: string[][]) =>
    new TextEncoder().encode(['kind,id,basis,source,target', ...rows.map((r) => r.join(','))].join('\r\n'))

  it('keeps the last row per text, submits at most MAX_IMPORTED_ROWS rows, reports the rest too_many', async () => {
    const { db, a, action, basis } = await setup()
    const fake = Array.from({ length: MAX_IMPORTED_ROWS + 9 }, (_, i) => [
      TITLE,
      `nope-${i}`,
      basis,
      'x',
      'y',
    ])
    const bytes = csv([
      [TITLE, action.id, basis, 'x', 'Premye'],
      ...fake,
      [TITLE, action.id, basis, 'x', 'Dezyèm'],
    ])
    const imported = await importBatch(db, a, { language: 'ht', bytes })
    if (!imported.ok) throw new Error(imported.error)
    const results = imported.value.rows.map((r) => r.result)
    expect(results[0]).toBe('duplicate')
    expect(results.filter((r) => r === 'unknown')).toHaveLength(MAX_IMPORTED_ROWS)
    expect(results.filter((r) => r === 'too_many')).toHaveLength(10)
    expect(results.at(-1)).toBe('too_many')
    // Within the cap, the last row of a text is the one submitted.
    const small = await importBatch(db, a, {
      language: 'ht',
      bytes: csv([
        [TITLE, action.id, basis, 'x', 'Premye'],
        [TITLE, action.id, basis, 'x', 'Dezyèm'],
      ]),
    })
    expect(small.ok && small.value.rows.map((r) => r.result)).toEqual(['duplicate', 'accepted'])
    expect(await pendingText(db, action.id)).toBe('Dezyèm')
    const submissions = await db
      .selectFrom('translation_submissions')
      .select('id')
      .where('entity_id', '=', action.id)
      .execute()
    expect(submissions).toHaveLength(1)
  })

  it('a translator uploads at most IMPORT_POLICY.limit files an hour; the next is refused as throttled', async () => {
    const { db, a, b, action, basis } = await setup()
    const bytes = csv([[TITLE, action.id, basis, 'x', '']])
    const now = new Date('2026-12-05T01:00:00Z')
    for (let i = 0; i < IMPORT_POLICY.limit; i++)
      expect((await importBatch(db, a, { language: 'ht', bytes }, now)).ok).toBe(true)
    expect(await importBatch(db, a, { language: 'ht', bytes }, now)).toMatchObject({
      ok: false,
      error: 'throttled',
    })
    // Someone else is not slowed down, and an hour later the translator may upload again.
    expect((await importBatch(db, b, { language: 'ht', bytes }, now)).ok).toBe(true)
    const later = new Date(now.getTime() + IMPORT_POLICY.windowMs + 1000)
    expect((await importBatch(db, a, { language: 'ht', bytes }, later)).ok).toBe(true)
  })
})

describe('finding 4: review checks again that the text is visible and the translator still translates', () => {
  async function pendingFromA() {
    const ctx = await setup()
    const { db, a, b, action, basis } = ctx
    expect(
      (await submit(db, a, { kind: TITLE, id: action.id, language: 'ht', text: 'De kanpay', basis })).ok,
    ).toBe(true)
    const pending = (await reviewList(db, b)).find((s) => s.entityId === action.id)!
    expect(pending).toBeDefined()
    return { ...ctx, pending }
  }
  const status = async (db: DB, id: string) =>
    db
      .selectFrom('translation_submissions')
      .select(['status', 'review_note'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  it('a text no longer visible is left out of the review list and returned as not_available', async () => {
    const { db, b, plan, action, pending } = await pendingFromA()
    // The plan edition leaves public view (back to draft): its actions are no longer registry rows.
    await db.updateTable('plan_editions').set({ status: 'draft' }).where('id', '=', plan.editionId).execute()
    expect((await reviewList(db, b)).map((s) => s.id)).not.toContain(pending.id)
    expect(await review(db, b, { submissionId: pending.id, decision: 'publish' })).toEqual({
      ok: true,
      value: { status: 'returned', reason: 'not_available' },
    })
    expect(await status(db, pending.id)).toEqual({ status: 'returned', review_note: 'not_available' })
    const stored = (
      await db
        .selectFrom('plan_actions')
        .select('title_i18n')
        .where('id', '=', action.id)
        .executeTakeFirstOrThrow()
    ).title_i18n
    expect(pickText(stored, 'ht').state).toBe('untranslated')
  })

  it('a translator who lost the language, or the role, is returned as translator_removed', async () => {
    const lostLanguage = await pendingFromA()
    const admin = await createUser(lostLanguage.db, { roles: ['admin'] })
    await setTranslatorLanguages(lostLanguage.db, {
      actorUserId: admin.id,
      userId: lostLanguage.a.id,
      languages: ['fr'],
    })
    expect(
      await review(lostLanguage.db, lostLanguage.b, {
        submissionId: lostLanguage.pending.id,
        decision: 'publish',
      }),
    ).toEqual({ ok: true, value: { status: 'returned', reason: 'translator_removed' } })

    const lostRole = await pendingFromA()
    await lostRole.db
      .deleteFrom('user_roles')
      .where('user_id', '=', lostRole.a.id)
      .where('role', '=', 'translator')
      .execute()
    expect(
      await review(lostRole.db, lostRole.b, { submissionId: lostRole.pending.id, decision: 'publish' }),
    ).toEqual({
      ok: true,
      value: { status: 'returned', reason: 'translator_removed' },
    })
    expect(await status(lostRole.db, lostRole.pending.id)).toEqual({
      status: 'returned',
      review_note: 'translator_removed',
    })
  })

  it('a secretariat translator stays a translator while they are in the secretariat', async () => {
    const { db, b, secretariat, action, basis } = await setup()
    expect(
      (
        await submit(db, secretariat, {
          kind: TITLE,
          id: action.id,
          language: 'ht',
          text: 'De kanpay',
          basis,
        })
      ).ok,
    ).toBe(true)
    const pending = (await reviewList(db, b)).find((s) => s.entityId === action.id)!
    expect(await review(db, b, { submissionId: pending.id, decision: 'publish' })).toEqual({
      ok: true,
      value: { status: 'published', reason: null },
    })
  })
})

describe('finding 5: route params', () => {
  it('accepts registry kinds with real ids, refuses unknown kinds and odd ids (a NUL byte) before any query', () => {
    for (const id of ['demo-plan-2021-a4.1.1', 'demo-cand-se-1', newId(), newId(16), 'a:b_c']) {
      expect(TextParamsSchema.safeParse({ lng: 'ht', kind: TITLE, id }).success).toBe(true)
    }
    for (const id of ['', 'a\u0000b', 'a b', 'x'.repeat(81), '../x', 'a|b', 'é']) {
      expect(TextParamsSchema.safeParse({ lng: 'ht', kind: TITLE, id }).success).toBe(false)
    }
    for (const kind of ['plan_action.nope', 'plan_action.title\u0000', '', '__proto__']) {
      expect(TextParamsSchema.safeParse({ lng: 'ht', kind, id: 'demo-plan-2021' }).success).toBe(false)
    }
    expect(QueueQuerySchema.parse({ kind: 'nope' }).kind).toBeUndefined()
    expect(QueueQuerySchema.parse({ kind: TITLE }).kind).toBe(TITLE)
  })
})

describe('finding 6: a length limit per field', () => {
  it('a one-line field takes 300 characters (or twice its original), a multiline one 20 000', async () => {
    const { db, a, plan } = await setup()
    const kind = 'plan_edition.title'
    const edition = await db
      .selectFrom('plan_editions')
      .select('title_i18n')
      .where('id', '=', plan.editionId)
      .executeTakeFirstOrThrow()
    const original = pickText(edition.title_i18n, 'pt-BR').text
    const basis = fingerprint(original)
    expect(original.length * 2).toBeLessThan(300)
    const send = (text: string) => submit(db, a, { kind, id: plan.editionId, language: 'ht', text, basis })
    expect(await send('k'.repeat(301))).toEqual({ ok: false, error: 'too_long', field: 'text' })
    expect((await send('k'.repeat(300))).ok).toBe(true)
    expect(maxLengthOf({ multiline: false }, 'o'.repeat(200))).toBe(400)
    expect(maxLengthOf({ multiline: true }, 'o')).toBe(20_000)
    expect(maxLengthOf({ multiline: false, maxLength: 50 }, 'o')).toBe(50)
  })
})

describe('finding 7: erasure', () => {
  it('deletes what the person submitted but was not published, and blanks the notes they wrote as reviewer', async () => {
    const { db, a, b, plan, action, basis } = await setup()
    const published = await submit(db, a, {
      kind: TITLE,
      id: action.id,
      language: 'ht',
      text: 'Pibliye',
      basis,
    })
    if (!published.ok) throw new Error(published.error)
    await review(db, b, { submissionId: published.value.submissionId, decision: 'publish' })
    const edition = await db
      .selectFrom('plan_editions')
      .select('title_i18n')
      .where('id', '=', plan.editionId)
      .executeTakeFirstOrThrow()
    const editionBasis = fingerprint(pickText(edition.title_i18n, 'pt-BR').text)
    const returned = await submit(db, a, {
      kind: 'plan_edition.title',
      id: plan.editionId,
      language: 'ht',
      text: 'Retounen',
      basis: editionBasis,
    })
    if (!returned.ok) throw new Error(returned.error)
    await review(db, b, {
      submissionId: returned.value.submissionId,
      decision: 'return',
      note: 'Mo sa a pa bon, Ana',
    })
    await eraseAccount(db, a.id)
    const left = await db.selectFrom('translation_submissions').select(['id', 'status', 'text']).execute()
    expect(left).toEqual([{ id: published.value.submissionId, status: 'published', text: 'Pibliye' }])
    // The reviewer's note goes with the reviewer; a system reason stays.
    const again = await submit(db, b, {
      kind: 'plan_edition.title',
      id: plan.editionId,
      language: 'ht',
      text: 'Ankò',
      basis: editionBasis,
    })
    if (!again.ok) throw new Error(again.error)
    const c = await translator(db, ['ht'])
    await review(db, c, { submissionId: again.value.submissionId, decision: 'return', note: 'Nòt pèsonèl' })
    await eraseAccount(db, c.id)
    expect(
      await db
        .selectFrom('translation_submissions')
        .select(['review_note', 'reviewer_id'])
        .where('id', '=', again.value.submissionId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ review_note: null, reviewer_id: null })
  })
})
