import { beforeEach, describe, expect, it } from 'vitest'
import {
  addQuestion,
  advanceConsultation,
  createConsultation,
  reviseDraft,
  saveTranslation,
} from '../../../app/consultations/authoring.server'
import {
  answerQuestions,
  contribute,
  editContribution,
  reportContribution,
  supportContribution,
} from '../../../app/consultations/contributions.server'
import {
  answerContribution,
  dismissReports,
  hideContribution,
  moderationQueue,
} from '../../../app/consultations/moderation.server'
import { openDataContributions } from '../../../app/consultations/open-data.server'
import { getConsultation, threadPage, THREAD_PAGE_SIZE } from '../../../app/consultations/reading.server'
import { consultationReport } from '../../../app/consultations/report.server'
import { textsOnly } from '../../../app/i18n/content'
import type { DB } from '../../../app/lib/db.server'
import { newId } from '../../../app/lib/ids.server'
import { eraseAccount, exportMyData } from '../../../app/privacy/my-data.server'
import { DRAFT, consultationIn, planTargets } from '../../helpers/consultations'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

const say = (
  userId: string,
  consultationId: string,
  paragraphId: string | null,
  body = 'Uma contribuição.',
  extra: { parentId?: string; language?: 'pt-BR' | 'ht' | 'es' } = {},
) =>
  contribute(db, {
    userId,
    authorName: 'Pessoa',
    consultationId,
    paragraphId,
    body,
    language: extra.language ?? 'pt-BR',
    parentId: extra.parentId,
  })

describe('authoring and status', () => {
  it('splits the draft into sections and paragraphs, links targets, and refuses unknown ones', async () => {
    const plan = await planTargets(db)
    const { id } = await consultationIn(db, 'draft', {
      targets: [
        { kind: 'action', id: plan.action },
        { kind: 'campaign', id: plan.campaign },
      ],
    })
    const found = (await getConsultation(db, id))!
    expect(
      found.sections.map((s) => [JSON.parse(s.heading_i18n)['pt-BR'], s.paragraphs.map((p) => p.ref)]),
    ).toEqual([
      ['Mensagem', ['1.1', '1.2']],
      ['Canais', ['2.1']],
    ])
    expect(found.targets.map((t) => t.action_code ?? t.campaign_title_i18n)).toEqual(
      expect.arrayContaining(['4.1.1', '{"pt-BR":"Campanha 2026"}']),
    )
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const refused = await createConsultation(db, {
      actorUserId: secretariat.id,
      title: 'T',
      summary: 'S',
      draft: DRAFT,
      opensAt: '2026-01-01T00:00:00.000Z',
      closesAt: '2026-02-01T00:00:00.000Z',
      minAccountAgeDays: 0,
      targets: [{ kind: 'action', id: 'nope' }],
    })
    expect(refused).toEqual({ ok: false, error: 'unknown_target', field: 'targets' })
    const backwards = await createConsultation(db, {
      actorUserId: secretariat.id,
      title: 'T',
      summary: 'S',
      draft: DRAFT,
      opensAt: '2026-02-01T00:00:00.000Z',
      closesAt: '2026-01-01T00:00:00.000Z',
      minAccountAgeDays: 0,
      targets: [],
    })
    expect(backwards).toEqual({ ok: false, error: 'dates_order', field: 'closesAt' })
  })

  it('the text changes only while a draft; questions too', async () => {
    const { id, secretariat } = await consultationIn(db, 'open')
    const input = {
      title: 'T',
      summary: 'S',
      draft: 'Novo.',
      opensAt: '2026-01-01T00:00:00.000Z',
      closesAt: '2027-01-01T00:00:00.000Z',
      minAccountAgeDays: 0,
      targets: [],
    }
    expect(await reviseDraft(db, { actorUserId: secretariat.id, id, ...input })).toEqual({
      ok: false,
      error: 'not_draft',
    })
    expect(
      await addQuestion(db, {
        actorUserId: secretariat.id,
        consultationId: id,
        kind: 'single',
        prompt: 'P?',
        options: ['a', 'b'],
      }),
    ).toEqual({ ok: false, error: 'not_draft' })
  })

  it('moves one step at a time; two clicks move once; "answered" needs an answer to every visible thread', async () => {
    const { id, secretariat, paragraphs } = await consultationIn(db, 'open')
    const person = await createUser(db)
    const said = await say(person.id, id, paragraphs[0]!)
    if (!said.ok) throw new Error(said.error)
    expect(await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'answered' })).toEqual({
      ok: false,
      error: 'not_next_status',
    })
    const both = await Promise.all([
      advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'closed' }),
      advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'closed' }),
    ])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    expect(await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'answered' })).toEqual({
      ok: false,
      error: 'unanswered_contributions',
    })
    expect(
      (
        await answerContribution(db, {
          actorUserId: secretariat.id,
          contributionId: said.value.id,
          answer: 'not_accepted',
          text: 'Justificativa.',
        })
      ).ok,
    ).toBe(true)
    expect(await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'answered' })).toEqual({
      ok: true,
      value: { status: 'answered' },
    })
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'consultation.create',
      'consultation.status',
      'consultation.status',
      'consultation.status',
    ])
  })

  it('translations attach by paragraph id, so comments stay on their paragraph in every language', async () => {
    const { id, secretariat, paragraphs } = await consultationIn(db, 'open')
    const person = await createUser(db)
    await say(person.id, id, paragraphs[1]!, 'Sobre o segundo.')
    const sections = await db
      .selectFrom('consultation_sections')
      .select('id')
      .where('consultation_id', '=', id)
      .orderBy('position')
      .execute()
    const saved = await saveTranslation(db, {
      actorUserId: secretariat.id,
      id,
      language: 'ht',
      title: 'Kanpay',
      summary: 'Rezime',
      sections: [{ sectionId: sections[1]!.id, text: 'Kanal' }],
      paragraphs: [
        { paragraphId: paragraphs[2]!, text: 'Bis, metwo.' },
        { paragraphId: paragraphs[1]!, text: 'Dezyèm paragraf.' },
        { paragraphId: paragraphs[0]!, text: 'Premye paragraf.' },
      ],
    })
    expect(saved.ok).toBe(true)
    const found = (await getConsultation(db, id))!
    const flat = found.sections.flatMap((s) => s.paragraphs)
    expect(flat.map((p) => [p.id, textsOnly(p.body_i18n).ht, p.comments])).toEqual([
      [paragraphs[0], 'Premye paragraf.', 0],
      [paragraphs[1], 'Dezyèm paragraf.', 1],
      [paragraphs[2], 'Bis, metwo.', 0],
    ])
    expect(textsOnly(found.consultation.title_i18n)).toEqual({
      'pt-BR': 'Campanha contra a xenofobia',
      ht: 'Kanpay',
    })
    expect(
      await saveTranslation(db, {
        actorUserId: secretariat.id,
        id,
        language: 'ht',
        title: '',
        summary: '',
        sections: [],
        paragraphs: [{ paragraphId: 'other', text: 'x' }],
      }),
    ).toEqual({ ok: false, error: 'unknown_paragraph' })
  })
})

describe('contributions', () => {
  it('a closed consultation (or one past its dates, or a draft) refuses comments, replies and supports', async () => {
    const { id, secretariat, paragraphs } = await consultationIn(db, 'open')
    const person = await createUser(db)
    const first = await say(person.id, id, paragraphs[0]!)
    if (!first.ok) throw new Error(first.error)
    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'closed' })
    expect(await say(person.id, id, paragraphs[0]!)).toEqual({ ok: false, error: 'closed' })
    expect(await say(person.id, id, null, 'x', { parentId: first.value.id })).toEqual({
      ok: false,
      error: 'closed',
    })
    const other = await createUser(db)
    expect(await supportContribution(db, { userId: other.id, contributionId: first.value.id })).toEqual({
      ok: false,
      error: 'closed',
    })
    const draft = await consultationIn(db, 'draft')
    expect(await say(person.id, draft.id, draft.paragraphs[0]!)).toEqual({ ok: false, error: 'closed' })
    const past = await consultationIn(db, 'open')
    await db
      .updateTable('consultations')
      .set({ closes_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', past.id)
      .execute()
    expect(await say(person.id, past.id, past.paragraphs[0]!)).toEqual({ ok: false, error: 'closed' })
    expect(await db.selectFrom('contributions').select('id').execute()).toHaveLength(1)
  })

  it('replies hang on the thread they answer (even a reply to a reply) and take its paragraph', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open')
    const a = await createUser(db)
    const b = await createUser(db)
    const top = await say(a.id, id, paragraphs[1]!)
    if (!top.ok) throw new Error()
    const reply = await say(b.id, id, null, 'Resposta', { parentId: top.value.id })
    if (!reply.ok) throw new Error()
    const nested = await say(a.id, id, paragraphs[0]!, 'Tréplica', { parentId: reply.value.id })
    if (!nested.ok) throw new Error()
    const rows = await db
      .selectFrom('contributions')
      .select(['id', 'parent_id', 'paragraph_id'])
      .where('parent_id', 'is not', null)
      .execute()
    expect(rows.map((r) => [r.parent_id, r.paragraph_id])).toEqual([
      [top.value.id, paragraphs[1]],
      [top.value.id, paragraphs[1]],
    ])
    expect(await say(a.id, id, null, 'x', { parentId: 'missing' })).toEqual({
      ok: false,
      error: 'unknown_parent',
      field: 'parentId',
    })
    expect(await say(a.id, id, 'not-a-paragraph')).toEqual({ ok: false, error: 'unknown_paragraph' })
    const page = await threadPage(db, {
      consultationId: id,
      paragraphId: paragraphs[1]!,
      page: 1,
      viewerId: a.id,
      accepting: true,
    })
    // (Replies made in the same millisecond are ordered by id, so compare them as a set.)
    expect(page.threads.map((t) => [t.body, t.replies.map((r) => r.body).sort()])).toEqual([
      ['Uma contribuição.', ['Resposta', 'Tréplica']],
    ])
  })

  it('records the language, cleans control characters and refuses text that is empty once cleaned', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open')
    const person = await createUser(db)
    const made = await say(person.id, id, paragraphs[0]!, 'Mwen dakò\u202E ak sa.', { language: 'ht' })
    if (!made.ok) throw new Error()
    expect(
      await db
        .selectFrom('contributions')
        .select(['language', 'body'])
        .where('id', '=', made.value.id)
        .executeTakeFirst(),
    ).toEqual({ language: 'ht', body: 'Mwen dakò ak sa.' })
    expect(await say(person.id, id, paragraphs[0]!, '\u0000\u202E')).toEqual({
      ok: false,
      error: 'empty',
      field: 'body',
    })
  })

  it("support uniqueness: one per person, also when two arrive at once; never on one's own or a hidden one", async () => {
    const { id, secretariat, paragraphs } = await consultationIn(db, 'open')
    const author = await createUser(db)
    const fan = await createUser(db)
    const made = await say(author.id, id, paragraphs[0]!)
    if (!made.ok) throw new Error()
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        supportContribution(db, { userId: fan.id, contributionId: made.value.id }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(
      Array(9).fill('already_supported'),
    )
    expect(await db.selectFrom('contribution_supports').selectAll().execute()).toHaveLength(1)
    await hideContribution(db, {
      actorUserId: secretariat.id,
      contributionId: made.value.id,
      reason: 'Ofensivo',
    })
    const late = await createUser(db)
    expect(await supportContribution(db, { userId: late.id, contributionId: made.value.id })).toEqual({
      ok: false,
      error: 'hidden',
    })
  })

  it('authors edit only their own, only for 15 minutes, and every earlier wording is kept', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open')
    const author = await createUser(db)
    const other = await createUser(db)
    const made = await say(author.id, id, paragraphs[0]!, 'Primeira versão')
    if (!made.ok) throw new Error()
    expect(
      await editContribution(db, { userId: other.id, contributionId: made.value.id, body: 'Sequestro' }),
    ).toEqual({ ok: false, error: 'not_yours' })
    expect(
      await editContribution(db, {
        userId: author.id,
        contributionId: made.value.id,
        body: 'Segunda versão',
      }),
    ).toEqual({ ok: true, value: null })
    const page = await threadPage(db, {
      consultationId: id,
      paragraphId: paragraphs[0]!,
      page: 1,
      viewerId: author.id,
      accepting: true,
    })
    expect(page.threads[0]).toMatchObject({
      body: 'Segunda versão',
      editable: true,
      revisions: [{ body: 'Primeira versão' }],
    })
    expect(page.threads[0]!.edited_at).not.toBeNull()
    await db
      .updateTable('contributions')
      .set({ created_at: new Date(Date.now() - 16 * 60_000).toISOString() })
      .where('id', '=', made.value.id)
      .execute()
    expect(
      await editContribution(db, { userId: author.id, contributionId: made.value.id, body: 'Terceira' }),
    ).toEqual({ ok: false, error: 'edit_window_over' })
  })

  it('a minimum account age keeps brand-new accounts out; a per-person limit stops floods', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open', { minAccountAgeDays: 7 })
    const fresh = await createUser(db)
    expect(await say(fresh.id, id, paragraphs[0]!)).toEqual({ ok: false, error: 'account_too_new' })
    await db
      .updateTable('users')
      .set({ created_at: new Date(Date.now() - 8 * 86_400_000).toISOString() })
      .where('id', '=', fresh.id)
      .execute()
    const results = []
    for (let i = 0; i < 11; i++) results.push(await say(fresh.id, id, paragraphs[0]!, `Comentário ${i}`))
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true)
    expect(results[10]).toEqual({ ok: false, error: 'rate_limited' })
  })

  it('answers to questions: options checked, one answer per person per question, changeable while open', async () => {
    const { id, secretariat } = await consultationIn(db, 'draft')
    expect(
      await addQuestion(db, {
        actorUserId: secretariat.id,
        consultationId: id,
        kind: 'single',
        prompt: 'Canal?',
        options: ['Rádio'],
      }),
    ).toEqual({ ok: false, error: 'options_needed', field: 'options' })
    await addQuestion(db, {
      actorUserId: secretariat.id,
      consultationId: id,
      kind: 'single',
      prompt: 'Canal?',
      options: ['Rádio', 'Ônibus'],
    })
    await addQuestion(db, {
      actorUserId: secretariat.id,
      consultationId: id,
      kind: 'text',
      prompt: 'Algo mais?',
      options: [],
    })
    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'open' })
    const [single, free] = await db
      .selectFrom('consultation_questions')
      .select('id')
      .where('consultation_id', '=', id)
      .orderBy('position')
      .execute()
    const person = await createUser(db)
    expect(
      await answerQuestions(db, {
        userId: person.id,
        consultationId: id,
        answers: { [single!.id]: ['o1', 'o2'] },
      }),
    ).toEqual({ ok: false, error: 'invalid_answer', field: `q_${single!.id}` })
    expect(
      await answerQuestions(db, { userId: person.id, consultationId: id, answers: { [single!.id]: ['o9'] } }),
    ).toMatchObject({ ok: false, error: 'invalid_answer' })
    expect(
      (
        await answerQuestions(db, {
          userId: person.id,
          consultationId: id,
          answers: { [single!.id]: ['o1'], [free!.id]: ['Mais rádio'] },
        })
      ).ok,
    ).toBe(true)
    expect(
      (
        await answerQuestions(db, {
          userId: person.id,
          consultationId: id,
          answers: { [single!.id]: ['o2'] },
        })
      ).ok,
    ).toBe(true)
    const rows = await db
      .selectFrom('question_answers')
      .select(['question_id', 'answer'])
      .where('user_id', '=', person.id)
      .orderBy('question_id')
      .execute()
    expect(Object.fromEntries(rows.map((r) => [r.question_id, JSON.parse(r.answer)]))).toEqual({
      [single!.id]: ['o2'],
      [free!.id]: 'Mais rádio',
    })
  })
})

describe('thread paging', () => {
  it('pages top-level contributions in order, 20 at a time, with their replies, among thousands', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open')
    const person = await createUser(db)
    const base = Date.parse('2026-01-01T00:00:00.000Z')
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      id: newId(),
      consultation_id: id,
      paragraph_id: paragraphs[0]!,
      parent_id: null,
      user_id: person.id,
      author_name: 'P',
      language: 'pt-BR',
      body: `n${i}`,
      created_at: new Date(base + i * 1000).toISOString(),
    }))
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('contributions')
        .values(rows.slice(i, i + 200))
        .execute()
    await db
      .insertInto('contributions')
      .values({
        id: newId(),
        consultation_id: id,
        paragraph_id: paragraphs[0]!,
        parent_id: rows[1990]!.id,
        user_id: person.id,
        author_name: 'P',
        language: 'es',
        body: 'reply',
        created_at: new Date(base + 9_999_000).toISOString(),
      })
      .execute()
    const last = await threadPage(db, {
      consultationId: id,
      paragraphId: paragraphs[0]!,
      page: 'last',
      viewerId: null,
      accepting: true,
    })
    expect(last.page).toBe(100)
    expect(last.totalThreads).toBe(2000)
    expect(last.hasMore).toBe(false)
    expect(last.threads.map((t) => t.body)).toEqual(
      Array.from({ length: THREAD_PAGE_SIZE }, (_, i) => `n${1980 + i}`),
    )
    expect(last.threads[10]!.replies.map((r) => r.body)).toEqual(['reply'])
    const second = await threadPage(db, {
      consultationId: id,
      paragraphId: paragraphs[0]!,
      page: 2,
      viewerId: null,
      accepting: true,
    })
    expect(second.threads[0]!.body).toBe('n20')
    expect(second.hasMore).toBe(true)
    const general = await threadPage(db, {
      consultationId: id,
      paragraphId: null,
      page: 1,
      viewerId: null,
      accepting: true,
    })
    expect(general.totalThreads).toBe(0)
  })
})

describe('moderation', () => {
  it('reports are one per person; hiding keeps a placeholder, closes the reports and is audited; keeping closes them too', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open')
    const moderator = await createUser(db, { roles: ['moderator'] })
    const author = await createUser(db)
    const reporter = await createUser(db)
    const bad = await say(author.id, id, paragraphs[0]!, 'Texto ofensivo')
    const fine = await say(author.id, id, paragraphs[0]!, 'Texto duro mas legítimo')
    if (!bad.ok || !fine.ok) throw new Error()
    const reply = await say(reporter.id, id, null, 'Isso é inaceitável', { parentId: bad.value.id })
    if (!reply.ok) throw new Error()
    expect(
      await reportContribution(db, {
        userId: reporter.id,
        contributionId: bad.value.id,
        reason: 'Discurso de ódio',
      }),
    ).toEqual({ ok: true, value: null })
    expect(
      await reportContribution(db, { userId: reporter.id, contributionId: bad.value.id, reason: 'De novo' }),
    ).toEqual({ ok: false, error: 'already_reported' })
    await reportContribution(db, { userId: reporter.id, contributionId: fine.value.id, reason: 'Não gostei' })
    expect((await moderationQueue(db, id)).map((q) => [q.id, Number(q.reports)])).toEqual(
      expect.arrayContaining([
        [bad.value.id, 1],
        [fine.value.id, 1],
      ]),
    )

    expect(
      await hideContribution(db, {
        actorUserId: moderator.id,
        contributionId: bad.value.id,
        reason: 'Discurso de ódio',
      }),
    ).toEqual({ ok: true, value: null })
    expect(
      await hideContribution(db, {
        actorUserId: moderator.id,
        contributionId: bad.value.id,
        reason: 'De novo',
      }),
    ).toEqual({ ok: false, error: 'already_hidden' })
    expect(await dismissReports(db, { actorUserId: moderator.id, contributionId: fine.value.id })).toEqual({
      ok: true,
      value: null,
    })
    expect(await moderationQueue(db, id)).toEqual([])

    const page = await threadPage(db, {
      consultationId: id,
      paragraphId: paragraphs[0]!,
      page: 1,
      viewerId: null,
      accepting: true,
    })
    const hidden = page.threads.find((t) => t.id === bad.value.id)!
    expect(hidden).toMatchObject({ hidden: true, body: null, hidden_reason: 'Discurso de ódio' })
    expect(hidden.replies.map((r) => r.body)).toEqual(['Isso é inaceitável'])
    expect(page.threads.find((t) => t.id === fine.value.id)!.body).toBe('Texto duro mas legítimo')
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', 'in', ['consultation.hide', 'consultation.keep'])
      .orderBy('seq')
      .execute()
    expect(audit).toEqual([
      { action: 'consultation.hide', entity_id: bad.value.id },
      { action: 'consultation.keep', entity_id: fine.value.id },
    ])
    // The open data keeps the row, without the words.
    const open = (await openDataContributions(db, id))!
    expect(open.rows.find((r) => r.id === bad.value.id)).toMatchObject({
      hidden: true,
      text: null,
      hidden_reason: 'Discurso de ódio',
    })
  })
})

describe('official answers and the report', () => {
  it('answers (with a link to the goal changed) notify the author in their language and appear in the report', async () => {
    const plan = await planTargets(db)
    const { id, secretariat, paragraphs } = await consultationIn(db, 'open', {
      targets: [{ kind: 'action', id: plan.action }],
    })
    const author = await createUser(db)
    await db.updateTable('users').set({ preferred_language: 'ht' }).where('id', '=', author.id).execute()
    const made = await say(author.id, id, paragraphs[0]!, 'Fòk gen kou nan samdi.', { language: 'ht' })
    const other = await say(author.id, id, paragraphs[2]!, 'Outro')
    if (!made.ok || !other.ok) throw new Error()

    expect(
      await answerContribution(db, {
        actorUserId: secretariat.id,
        contributionId: made.value.id,
        answer: 'not_accepted',
        text: 'Não.',
        target: { kind: 'action', id: plan.action },
      }),
    ).toEqual({ ok: false, error: 'target_needs_acceptance', field: 'target' })
    expect(
      await answerContribution(db, {
        actorUserId: secretariat.id,
        contributionId: made.value.id,
        answer: 'accepted',
        text: 'Sim.',
        target: { kind: 'action', id: 'ghost' },
      }),
    ).toEqual({ ok: false, error: 'unknown_target', field: 'target' })
    expect(
      await answerContribution(db, {
        actorUserId: secretariat.id,
        contributionId: made.value.id,
        answer: 'accepted',
        text: 'Acolhida: turmas aos sábados.',
        target: { kind: 'action', id: plan.action },
        origin: 'https://mutirao.example',
      }),
    ).toEqual({ ok: true, value: null })
    const mail = await db
      .selectFrom('outbox')
      .select(['to_address', 'language', 'subject', 'body'])
      .where('to_address', '=', author.email)
      .execute()
    expect(mail).toHaveLength(1)
    expect(mail[0]!.language).toBe('ht')
    expect(mail[0]!.body).toContain(
      `https://mutirao.example/consultations/${id}/p/${paragraphs[0]}#c-${made.value.id}`,
    )
    expect(mail[0]!.subject).toContain('Campanha contra a xenofobia')

    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'closed' })
    await answerContribution(db, {
      actorUserId: secretariat.id,
      contributionId: other.value.id,
      answer: 'partly_accepted',
      text: 'Em parte.',
      target: { kind: 'campaign', id: plan.campaign },
    })
    // A new answer replaces the previous links.
    await answerContribution(db, {
      actorUserId: secretariat.id,
      contributionId: other.value.id,
      answer: 'not_accepted',
      text: 'Reconsiderado.',
    })
    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'answered' })
    expect(
      await answerContribution(db, {
        actorUserId: secretariat.id,
        contributionId: other.value.id,
        answer: 'accepted',
        text: 'Tarde demais.',
      }),
    ).toEqual({ ok: false, error: 'wrong_status' })

    const report = (await consultationReport(db, id))!
    expect(report.totals).toEqual({ contributions: 2, people: 1, hidden: 0, respondents: 0 })
    expect(report.languages).toEqual(
      expect.arrayContaining([
        { language: 'ht', n: 1 },
        { language: 'pt-BR', n: 1 },
      ]),
    )
    expect(report.bySection.map((s) => s.comments)).toEqual([1, 1])
    expect(report.answerCounts).toEqual(
      expect.arrayContaining([
        { answer: 'accepted', n: 1 },
        { answer: 'not_accepted', n: 1 },
      ]),
    )
    expect(report.changes.map((c) => [c.contribution_id, c.action_code, c.campaign_id])).toEqual([
      [made.value.id, '4.1.1', null],
    ])
    expect(report.answered.find((a) => a.id === made.value.id)).toMatchObject({
      ref: '1.1',
      answer: 'accepted',
      links: [{ action_code: '4.1.1' }],
    })
  })

  it('open data names nobody: the same person has one pseudonym within a consultation and another elsewhere', async () => {
    const a = await consultationIn(db, 'open')
    const b = await consultationIn(db, 'open')
    const person = await createUser(db)
    await say(person.id, a.id, a.paragraphs[0]!)
    await say(person.id, a.id, a.paragraphs[1]!)
    await say(person.id, b.id, b.paragraphs[0]!)
    const rowsA = (await openDataContributions(db, a.id))!.rows
    const rowsB = (await openDataContributions(db, b.id))!.rows
    expect(rowsA[0]!.author).toMatch(/^P-[A-Za-z0-9_-]{12}$/)
    expect(rowsA[0]!.author).toBe(rowsA[1]!.author)
    expect(rowsB[0]!.author).not.toBe(rowsA[0]!.author)
    expect(JSON.stringify(rowsA)).not.toContain(person.id)
    expect(JSON.stringify(rowsA)).not.toContain('Person')
    expect(rowsA.map((r) => r.paragraph).sort()).toEqual(['1.1', '1.2'])
    const draft = await consultationIn(db, 'draft')
    expect(await openDataContributions(db, draft.id)).toBeNull()
  })
})

describe('LGPD', () => {
  it("export lists a person's contributions, wordings, supports, reports and answers; erasure keeps contributions anonymous", async () => {
    const { id, secretariat, paragraphs } = await consultationIn(db, 'draft')
    await addQuestion(db, {
      actorUserId: secretariat.id,
      consultationId: id,
      kind: 'text',
      prompt: 'Algo?',
      options: [],
    })
    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'open' })
    const person = await createUser(db)
    const other = await createUser(db)
    const mine = await say(person.id, id, paragraphs[0]!, 'Minha opinião')
    const theirs = await say(other.id, id, paragraphs[0]!, 'Outra opinião')
    if (!mine.ok || !theirs.ok) throw new Error()
    await editContribution(db, {
      userId: person.id,
      contributionId: mine.value.id,
      body: 'Minha opinião corrigida',
    })
    await supportContribution(db, { userId: person.id, contributionId: theirs.value.id })
    await reportContribution(db, { userId: person.id, contributionId: theirs.value.id, reason: 'Teste' })
    const [q] = await db
      .selectFrom('consultation_questions')
      .select('id')
      .where('consultation_id', '=', id)
      .execute()
    await answerQuestions(db, { userId: person.id, consultationId: id, answers: { [q!.id]: ['Sim'] } })
    const exported = await exportMyData(db, person.id)
    expect(exported.consultations.contributions.map((c) => c.body)).toEqual(['Minha opinião corrigida'])
    expect(exported.consultations.earlier_wordings.map((r) => r.body)).toEqual(['Minha opinião'])
    expect(exported.consultations.supports).toHaveLength(1)
    expect(exported.consultations.reports).toHaveLength(1)
    expect(exported.consultations.answers_to_questions).toHaveLength(1)

    const outcome = await eraseAccount(db, person.id)
    expect(outcome.kept).toContain('public_contributions')
    const row = await db
      .selectFrom('contributions')
      .select(['user_id', 'author_name', 'body'])
      .where('id', '=', mine.value.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ user_id: null, author_name: '—', body: 'Minha opinião corrigida' })
    expect(
      await db.selectFrom('contribution_supports').selectAll().where('user_id', '=', person.id).execute(),
    ).toEqual([])
    expect(
      await db.selectFrom('contribution_reports').selectAll().where('user_id', '=', person.id).execute(),
    ).toEqual([])
    expect(
      await db.selectFrom('question_answers').selectAll().where('user_id', '=', person.id).execute(),
    ).toEqual([])
    expect((await openDataContributions(db, id))!.rows.find((r) => r.id === mine.value.id)!.author).toBe(
      'erased',
    )
  })
})
