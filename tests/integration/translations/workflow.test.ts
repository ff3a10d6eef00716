import { afterAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../../app/auth/permissions'
import { fingerprint, pickText, withOriginalText } from '../../../app/i18n/content'
import type { DB } from '../../../app/lib/db.server'
import { eraseAccount, exportMyData } from '../../../app/privacy/my-data.server'
import { exportBatch, importBatch } from '../../../app/translations/batch.server'
import { parseBatch, parseXliff } from '../../../app/translations/batch'
import { setTranslatorLanguages } from '../../../app/translations/translators.server'
import { editorView, queue, review, reviewList, submit } from '../../../app/translations/workflow.server'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'
import { cmiElection } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { planInForce } from '../../helpers/plan'
import { openCycle } from '../../helpers/registration'

afterAll(dropDatabasesOfThisFile)

const KIND = 'plan_action.title'

async function translator(db: DB, languages: ('ht' | 'fr' | 'ar' | 'zh')[]): Promise<NonNullable<Actor>> {
  const user = await createUser(db, { roles: ['translator'] })
  const admin = await createUser(db, { roles: ['admin'] })
  await setTranslatorLanguages(db, { actorUserId: admin.id, userId: user.id, languages })
  return { id: user.id, roles: ['resident', 'translator'] }
}

async function setup() {
  const db = await createTestDb()
  await openCycle(db)
  const election = await cmiElection(db)
  const plan = await planInForce(db)
  const actions = await db
    .selectFrom('plan_actions')
    .select(['id', 'code', 'title_i18n'])
    .where('edition_id', '=', plan.editionId)
    .orderBy('code')
    .execute()
  const action = actions.find((a) => a.code === '4.1.1')!
  const original = pickText(action.title_i18n, 'pt-BR').text
  const a = await translator(db, ['ht', 'fr'])
  const b = await translator(db, ['ht', 'ar'])
  const secretariat: NonNullable<Actor> = { id: plan.secretariat.id, roles: ['resident', 'secretariat'] }
  return { db, election, plan, actions, action, original, basis: fingerprint(original), a, b, secretariat }
}

const titleOf = async (db: DB, id: string) =>
  (await db.selectFrom('plan_actions').select('title_i18n').where('id', '=', id).executeTakeFirstOrThrow())
    .title_i18n

describe('the queue (issue #19)', () => {
  it('lists untranslated texts in my language, what is open now first, then by kind and id', async () => {
    const { db, a, election, actions } = await setup()
    const found = await queue(db, a, { language: 'ht', page: 1 })
    expect(found.ok).toBe(true)
    if (!found.ok) return
    const keys = found.value.items.map((i) => `${i.kind}|${i.id}`)
    expect(keys).toContain(`election.title|${election.electionId}`)
    for (const action of actions) expect(keys).toContain(`${KIND}|${action.id}`)
    const reaches = found.value.items.map((i) => i.reach)
    expect(reaches).toEqual([...reaches].sort((x, y) => x - y))
    expect(found.value.items[0]).toMatchObject({ kind: 'election.title', reach: 0, state: 'untranslated' })
    const planItems = found.value.items.filter((i) => i.kind === KIND).map((i) => i.id)
    expect(planItems).toEqual([...planItems].sort())
    // Narrowed to one kind, and paginated.
    const onlyPlan = await queue(db, a, { language: 'ht', page: 1, kind: KIND, pageSize: 2 })
    expect(onlyPlan.ok && onlyPlan.value.items.map((i) => i.id)).toEqual(planItems.slice(0, 2))
    expect(onlyPlan.ok && onlyPlan.value.hasMore).toBe(true)
  })

  it('is refused outside my languages; the secretariat has every language; a resident none', async () => {
    const { db, a, secretariat } = await setup()
    expect(await queue(db, a, { language: 'ar', page: 1 })).toMatchObject({
      ok: false,
      error: 'not_your_language',
    })
    expect((await queue(db, secretariat, { language: 'zh', page: 1 })).ok).toBe(true)
    const resident = await createUser(db)
    expect(
      await queue(db, { id: resident.id, roles: ['resident'] }, { language: 'ht', page: 1 }),
    ).toMatchObject({ ok: false, error: 'not_your_language' })
  })

  it('leaves out texts pending review, and shows an outdated translation again with the old text', async () => {
    const { db, a, b, action, basis, original } = await setup()
    await submit(db, a, { kind: KIND, id: action.id, language: 'ht', text: 'De kanpay chak ane', basis })
    const ids = async (who: Actor) => {
      const q = await queue(db, who, { language: 'ht', page: 1, kind: KIND })
      return q.ok ? q.value.items.map((i) => i.id) : []
    }
    expect(await ids(a)).not.toContain(action.id)
    const pending = (await reviewList(db, b)).find((s) => s.entityId === action.id)!
    expect(await review(db, b, { submissionId: pending.id, decision: 'publish' })).toMatchObject({
      ok: true,
      value: { status: 'published' },
    })
    expect(await ids(a)).not.toContain(action.id)
    // The author edits the original: the Creole translation becomes outdated and comes back.
    await db
      .updateTable('plan_actions')
      .set({ title_i18n: withOriginalText(await titleOf(db, action.id), `${original} (revisado)`) })
      .where('id', '=', action.id)
      .execute()
    const q = await queue(db, a, { language: 'ht', page: 1, kind: KIND })
    const item = q.ok ? q.value.items.find((i) => i.id === action.id) : undefined
    expect(item).toMatchObject({
      state: 'outdated',
      previous: 'De kanpay chak ane',
      basis: fingerprint(`${original} (revisado)`),
    })
    const view = await editorView(db, a, { kind: KIND, id: action.id, language: 'ht' })
    expect(view).toMatchObject({ ok: true, value: { state: 'outdated', current: 'De kanpay chak ane' } })
  })
})

describe('submitting and reviewing', () => {
  it('a second submit by the same translator replaces theirs; another translator is told already_pending', async () => {
    const { db, a, b, action, basis } = await setup()
    const first = await submit(db, a, { kind: KIND, id: action.id, language: 'ht', text: 'Premye', basis })
    const second = await submit(db, a, { kind: KIND, id: action.id, language: 'ht', text: 'Dezyèm', basis })
    expect(first.ok && second.ok).toBe(true)
    const rows = await db
      .selectFrom('translation_submissions')
      .select(['text', 'status'])
      .where('entity_id', '=', action.id)
      .orderBy('created_at')
      .orderBy('text', 'desc')
      .execute()
    expect(rows.map((r) => r.status).sort()).toEqual(['submitted', 'superseded'])
    expect(rows.find((r) => r.status === 'submitted')?.text).toBe('Dezyèm')
    expect(
      await submit(db, b, { kind: KIND, id: action.id, language: 'ht', text: 'Lòt', basis }),
    ).toMatchObject({
      ok: false,
      error: 'already_pending',
    })
    // Another language of the same text is free.
    expect(
      (await submit(db, b, { kind: KIND, id: action.id, language: 'ar', text: 'حملتان', basis })).ok,
    ).toBe(true)
  })

  it('refuses a wrong language, an unknown text, the original language, an old basis and empty or long text', async () => {
    const { db, a, action, basis } = await setup()
    const base = { kind: KIND, id: action.id, language: 'ht' as const, text: 'Tèks', basis }
    expect(await submit(db, a, { ...base, language: 'zh' })).toMatchObject({ error: 'not_your_language' })
    expect(await submit(db, a, { ...base, id: 'nope' })).toMatchObject({ error: 'not_found' })
    expect(await submit(db, a, { ...base, kind: 'nope.nope' })).toMatchObject({ error: 'not_found' })
    expect(await submit(db, { ...a, roles: ['secretariat'] }, { ...base, language: 'pt-BR' })).toMatchObject({
      error: 'is_original',
    })
    expect(await submit(db, a, { ...base, basis: '00000000' })).toMatchObject({ error: 'original_changed' })
    expect(await submit(db, a, { ...base, text: '   ' })).toMatchObject({ error: 'empty' })
    expect(await submit(db, a, { ...base, text: 'x'.repeat(20_001) })).toMatchObject({ error: 'too_long' })
    expect(await db.selectFrom('translation_submissions').select('id').execute()).toEqual([])
  })

  it('nobody reviews their own submission, the secretariat neither; a reviewer outside the language is refused', async () => {
    const { db, a, action, basis, secretariat } = await setup()
    const mine = await submit(db, secretariat, {
      kind: KIND,
      id: action.id,
      language: 'fr',
      text: 'Deux campagnes',
      basis,
    })
    if (!mine.ok) throw new Error(mine.error)
    expect(
      await review(db, secretariat, { submissionId: mine.value.submissionId, decision: 'publish' }),
    ).toMatchObject({
      error: 'own_submission',
    })
    const byA = await submit(db, a, { kind: KIND, id: action.id, language: 'ht', text: 'De kanpay', basis })
    if (!byA.ok) throw new Error(byA.error)
    expect(await review(db, a, { submissionId: byA.value.submissionId, decision: 'publish' })).toMatchObject({
      error: 'own_submission',
    })
    const arOnly = await translator(db, ['ar'])
    expect(
      await review(db, arOnly, { submissionId: byA.value.submissionId, decision: 'publish' }),
    ).toMatchObject({
      error: 'not_your_language',
    })
    expect((await reviewList(db, a)).map((s) => s.id)).not.toContain(byA.value.submissionId)
    // The French one, written by the secretariat, is A's to review.
    expect((await reviewList(db, a)).map((s) => s.id)).toContain(mine.value.submissionId)
    expect(await review(db, a, { submissionId: mine.value.submissionId, decision: 'publish' })).toMatchObject(
      { ok: true },
    )
    expect(pickText(await titleOf(db, action.id), 'fr')).toMatchObject({
      text: 'Deux campagnes',
      state: 'translated',
    })
  })

  it('returning keeps the note for the translator and publishes nothing', async () => {
    const { db, a, b, action, basis } = await setup()
    const s = await submit(db, a, { kind: KIND, id: action.id, language: 'ht', text: 'De kanpay', basis })
    if (!s.ok) throw new Error(s.error)
    expect(
      await review(db, b, {
        submissionId: s.value.submissionId,
        decision: 'return',
        note: 'Mete "chak ane"',
      }),
    ).toMatchObject({ ok: true, value: { status: 'returned' } })
    expect(pickText(await titleOf(db, action.id), 'ht').state).toBe('untranslated')
    const view = await editorView(db, a, { kind: KIND, id: action.id, language: 'ht' })
    expect(view).toMatchObject({ ok: true, value: { pending: null, returned: { note: 'Mete "chak ane"' } } })
    expect(await review(db, b, { submissionId: s.value.submissionId, decision: 'publish' })).toMatchObject({
      error: 'already_decided',
    })
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('action', 'like', 'translation.%')
      .execute()
    expect(audit.map((e) => e.action).sort()).toEqual(['translation.return', 'translation.submit'])
    for (const e of audit) expect(e.after_json).not.toContain('kanpay') // ids only, never texts
  })

  it('two reviewers publishing at once: one decision stands', async () => {
    // One handle, as a server process has: on SQLite its one connection serialises the two
    // transactions; on PostgreSQL the pool runs them on two connections at once.
    const { db, a, b, action, basis, secretariat } = await setup()
    const s = await submit(db, a, { kind: KIND, id: action.id, language: 'ht', text: 'De kanpay', basis })
    if (!s.ok) throw new Error(s.error)
    const outcomes = await Promise.all([
      review(db, b, { submissionId: s.value.submissionId, decision: 'publish' }),
      review(db, secretariat, { submissionId: s.value.submissionId, decision: 'return', note: 'Non' }),
    ])
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(outcomes.filter((o) => !o.ok)).toEqual([expect.objectContaining({ error: 'already_decided' })])
    const row = await db
      .selectFrom('translation_submissions')
      .selectAll()
      .where('id', '=', s.value.submissionId)
      .executeTakeFirstOrThrow()
    expect(row.pending_key).toBeNull()
    const published = pickText(await titleOf(db, action.id), 'ht').state === 'translated'
    expect(published).toBe(row.status === 'published')
  })

  it('an original changed after submission: publishing returns it with that reason', async () => {
    const { db, a, b, action, basis, original } = await setup()
    const s = await submit(db, a, { kind: KIND, id: action.id, language: 'ht', text: 'De kanpay', basis })
    if (!s.ok) throw new Error(s.error)
    await db
      .updateTable('plan_actions')
      .set({ title_i18n: withOriginalText(await titleOf(db, action.id), `${original} e mais`) })
      .where('id', '=', action.id)
      .execute()
    expect(await review(db, b, { submissionId: s.value.submissionId, decision: 'publish' })).toEqual({
      ok: true,
      value: { status: 'returned', reason: 'original_changed' },
    })
    const row = await db
      .selectFrom('translation_submissions')
      .selectAll()
      .where('id', '=', s.value.submissionId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'returned', review_note: 'original_changed', pending_key: null })
    expect(pickText(await titleOf(db, action.id), 'ht').state).toBe('untranslated')
  })
})

describe('offline batches', () => {
  it('export → fill in → import round-trips through CSV and XLIFF, with a result per row', async () => {
    const { db, a, actions } = await setup()
    const csv = await exportBatch(db, a, 'ht', 'csv')
    if (!csv.ok) throw new Error(csv.error)
    const lines = csv.value.trim().split('\r\n')
    expect(lines[0]).toBe('kind,id,basis,source,target')
    const planLines = lines.filter((l) => l.startsWith(`${KIND},`))
    expect(planLines).toHaveLength(actions.length)
    const filled = [
      lines[0],
      `${planLines[0]}Tradiksyon 1`,
      `${planLines[1]}`,
      `${KIND},nope,00000000,x,Y`,
    ].join('\r\n')
    const imported = await importBatch(db, a, { language: 'ht', bytes: new TextEncoder().encode(filled) })
    expect(imported.ok && imported.value.rows.map((r) => r.result)).toEqual([
      'accepted',
      'skipped',
      'unknown',
    ])

    const xliff = await exportBatch(db, a, 'fr', 'xliff')
    if (!xliff.ok) throw new Error(xliff.error)
    expect(xliff.value).toContain('<xliff version="1.2"')
    expect(xliff.value).toContain('target-language="fr"')
    const withTarget = xliff.value.replace('></target>', '>Deux campagnes &amp; plus &lt;par an&gt;</target>')
    const result = await importBatch(db, a, { language: 'fr', bytes: new TextEncoder().encode(withTarget) })
    expect(result.ok && result.value.rows.filter((r) => r.result === 'accepted')).toHaveLength(1)
    const stored = await db
      .selectFrom('translation_submissions')
      .select('text')
      .where('language', '=', 'fr')
      .executeTakeFirstOrThrow()
    expect(stored.text).toBe('Deux campagnes & plus <par an>')
  })

  it('refuses an unreadable file whole and never throws on malformed input', async () => {
    const { db, a, b } = await setup()
    const bytes = (s: string) => new TextEncoder().encode(s)
    for (const junk of [
      '',
      'a,b,c\n1,2,3',
      '<?xml version="1.0"?><root/>',
      '<xliff></xliff>',
      '\u0000\u0001',
    ])
      expect((await importBatch(db, a, { language: 'ht', bytes: bytes(junk) })).ok).toBe(false)
    expect(await importBatch(db, a, { language: 'ht', bytes: bytes('<xliff><trans-unit id="x">') })).toEqual({
      ok: true,
      value: { rows: [{ line: 1, kind: null, id: null, result: 'malformed' }] },
    })
    expect(
      await importBatch(db, a, { language: 'ht', bytes: new Uint8Array(2 * 1024 * 1024 + 1) }),
    ).toMatchObject({
      error: 'file_too_large',
    })
    expect(await importBatch(db, b, { language: 'fr', bytes: bytes('kind,id,basis,target') })).toMatchObject({
      error: 'not_your_language',
    })
    expect(await db.selectFrom('translation_submissions').select('id').execute()).toEqual([])
    // Units that cannot be read are reported, the others still count.
    const parsed = parseXliff(
      '<xliff><trans-unit id="a.b|x|12345678"><target>ok &amp; <g>tag</g></target></trans-unit>' +
        '<trans-unit id="broken"><target>t</target></trans-unit>' +
        "<trans-unit id='a.b|y|12345678'><target><![CDATA[<b>raw</b>]]></target></trans-unit>" +
        '<trans-unit id="a.b|z|12345678"><target>&#x48;&#105;</target></trans-unit><trans-unit id="q"',
    )
    expect(parsed.ok && parsed.rows).toEqual([
      { line: 1, malformed: true },
      { line: 1, malformed: true },
      { line: 1, kind: 'a.b', id: 'y', basis: '12345678', target: '<b>raw</b>' },
      { line: 1, kind: 'a.b', id: 'z', basis: '12345678', target: 'Hi' },
      { line: 1, malformed: true },
    ])
    // A formula-guarded cell comes back as typed.
    expect(parseBatch("kind,id,basis,source,target\na.b,x,12345678,s,'=1+1")).toEqual({
      ok: true,
      rows: [{ line: 2, kind: 'a.b', id: 'x', basis: '12345678', target: '=1+1' }],
    })
  })
})

describe('LGPD', () => {
  it('exports a translator’s submissions and erasure keeps published texts without the link', async () => {
    const { db, a, b, action, basis, actions } = await setup()
    const s = await submit(db, a, { kind: KIND, id: action.id, language: 'ht', text: 'De kanpay', basis })
    if (!s.ok) throw new Error(s.error)
    await review(db, b, { submissionId: s.value.submissionId, decision: 'publish' })
    const other = actions.find((x) => x.id !== action.id)!
    await submit(db, a, {
      kind: KIND,
      id: other.id,
      language: 'ht',
      text: 'Ap tann',
      basis: fingerprint(pickText(other.title_i18n, 'pt-BR').text),
    })
    const data = await exportMyData(db, a.id)
    expect(data.translations.languages).toEqual(['fr', 'ht'])
    expect(data.translations.submissions.map((x) => x.text).sort()).toEqual(['Ap tann', 'De kanpay'])
    expect((await exportMyData(db, b.id)).translations.reviews).toHaveLength(1)

    const erased = await eraseAccount(db, a.id)
    expect(erased.kept).toContain('public_translations')
    await eraseAccount(db, b.id)
    const rows = await db.selectFrom('translation_submissions').selectAll().execute()
    expect(rows.every((r) => r.translator_id === null && r.reviewer_id === null)).toBe(true)
    // What was not published is deleted with the account (security review, finding 7).
    expect(rows.find((r) => r.text === 'Ap tann')).toBeUndefined()
    expect(
      await db.selectFrom('translator_languages').selectAll().where('user_id', '=', a.id).execute(),
    ).toEqual([])
    expect(pickText(await titleOf(db, action.id), 'ht').text).toBe('De kanpay')
  })
})

describe('an admin sets a translator’s languages', () => {
  it('replaces the list, audits the change (not a no-op), refuses an unknown person', async () => {
    const db = await createTestDb()
    const admin = await createUser(db, { roles: ['admin'] })
    const person = await createUser(db, { roles: ['translator'] })
    const set = (languages: ('ht' | 'fr' | 'ar')[], userId = person.id) =>
      setTranslatorLanguages(db, { actorUserId: admin.id, userId, languages })
    expect(await set(['fr', 'ht', 'ht'])).toEqual({ ok: true, value: { changed: true } })
    expect(await set(['ht', 'fr'])).toEqual({ ok: true, value: { changed: false } })
    expect(await set(['ar'])).toEqual({ ok: true, value: { changed: true } })
    expect(await set(['ar'], 'nobody')).toMatchObject({ ok: false, error: 'user_not_found' })
    const audit = await db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'translator.languages')
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => [JSON.parse(a.before_json!), JSON.parse(a.after_json!)])).toEqual([
      [{ languages: [] }, { languages: ['fr', 'ht'] }],
      [{ languages: ['fr', 'ht'] }, { languages: ['ar'] }],
    ])
  })
})
