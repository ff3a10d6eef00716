import type { QuestionKind } from '../../db/schema'
import { type I18nText } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { contributionLinks, getConsultation, paragraphRefs } from './reading.server'

// The report published once a consultation closes: who took part, where, in which languages, what
// the questions got, how the council answered and what changed because of it.

/** Participation, per-section activity, languages, question results, answers and what changed. */
export async function consultationReport(db: DB, id: string) {
  const found = await getConsultation(db, id)
  if (!found) return null
  const visible = db
    .selectFrom('contributions')
    .where('consultation_id', '=', id)
    .where('hidden_at', 'is', null)
  const totals = await db
    .selectFrom('contributions')
    .select([
      (eb) => eb.fn.countAll<number>().as('contributions'),
      (eb) => eb.fn.count<number>('user_id').distinct().as('people'),
      (eb) => eb.fn.count<number>('hidden_at').as('hidden'),
    ])
    .where('consultation_id', '=', id)
    .executeTakeFirstOrThrow()
  const respondents = await db
    .selectFrom('question_answers')
    .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
    .where('consultation_id', '=', id)
    .executeTakeFirstOrThrow()
  const languages = await visible
    .select(['language', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('language')
    .orderBy('n', 'desc')
    .execute()
  const answers = await visible
    .select(['answer', (eb) => eb.fn.countAll<number>().as('n')])
    .where('parent_id', 'is', null)
    .groupBy('answer')
    .execute()
  const bySection = found.sections.map((s) => ({
    id: s.id,
    position: s.position,
    heading_i18n: s.heading_i18n,
    comments: s.paragraphs.reduce((sum, p) => sum + p.comments, 0),
  }))
  const answered = await db
    .selectFrom('contributions as c')
    .leftJoin('consultation_paragraphs as p', 'p.id', 'c.paragraph_id')
    .select([
      'c.id',
      'c.paragraph_id',
      'c.author_name',
      'c.language',
      'c.body',
      'c.answer',
      'c.answer_text',
      'c.answered_at',
    ])
    .where('c.consultation_id', '=', id)
    .where('c.hidden_at', 'is', null)
    .where('c.answer', 'is not', null)
    .orderBy('p.position')
    .orderBy('c.created_at')
    .execute()
  const links = await contributionLinks(db, { consultationId: id })
  const questionResults = await questionTotals(db, { consultationId: id, questions: found.questions })
  const refs = paragraphRefs(found.sections)
  return {
    ...found,
    totals: {
      contributions: Number(totals.contributions),
      people: Number(totals.people),
      hidden: Number(totals.hidden),
      respondents: Number(respondents.n),
    },
    languages: languages.map((l) => ({ language: l.language, n: Number(l.n) })),
    answerCounts: answers.map((a) => ({ answer: a.answer, n: Number(a.n) })),
    bySection,
    answered: answered.map((a) => ({
      ...a,
      ref: a.paragraph_id ? (refs.get(a.paragraph_id) ?? null) : null,
      links: links.filter((l) => l.contribution_id === a.id),
    })),
    changes: links,
    questionResults,
  }
}

async function questionTotals(
  db: DB,
  {
    consultationId,
    questions,
  }: {
    consultationId: string
    questions: { id: string; kind: QuestionKind; options_i18n: string | null; prompt_i18n: string }[]
  },
) {
  const rows = await db
    .selectFrom('question_answers')
    .select(['question_id', 'answer'])
    .where('consultation_id', '=', consultationId)
    .execute()
  return questions.map((q) => {
    const mine = rows.filter((r) => r.question_id === q.id)
    if (q.kind === 'text')
      return {
        id: q.id,
        prompt_i18n: q.prompt_i18n,
        kind: q.kind,
        responses: mine.length,
        options: [] as { key: string; label: I18nText; n: number }[],
      }
    const options = JSON.parse(q.options_i18n ?? '[]') as { key: string; label: I18nText }[]
    const tally = new Map<string, number>()
    for (const r of mine)
      for (const key of JSON.parse(r.answer) as string[]) tally.set(key, (tally.get(key) ?? 0) + 1)
    return {
      id: q.id,
      prompt_i18n: q.prompt_i18n,
      kind: q.kind,
      responses: mine.length,
      options: options.map((o) => ({ ...o, n: tally.get(o.key) ?? 0 })),
    }
  })
}
