import type { DB } from '../lib/db.server'
import { toCsv, type CsvStyle } from '../lib/csv'
import { keyedHash } from '../lib/keyed-hash.server'
import { contributionLinks, getConsultation, paragraphRefs } from './reading.server'

// The contributions of a published consultation as open data (CSV and JSON). The contract is
// stable: fields are only ever added (docs/open-data.md).

/**
 * Open data rows. Authors appear as a pseudonym stable within one consultation (an HMAC of the
 * account under the server secret and the consultation id), so threads can be followed without
 * naming anyone or linking the same person across consultations. Hidden contributions keep their
 * row with no text.
 */
export async function openDataContributions(db: DB, consultationId: string) {
  const found = await getConsultation(db, consultationId)
  if (!found || found.consultation.status === 'draft') return null
  const refs = paragraphRefs(found.sections)
  const rows = await db
    .selectFrom('contributions as c')
    .select([
      'c.id',
      'c.paragraph_id',
      'c.parent_id',
      'c.user_id',
      'c.language',
      'c.body',
      'c.created_at',
      'c.edited_at',
      'c.hidden_at',
      'c.hidden_reason',
      'c.answer',
      'c.answer_text',
      'c.answered_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('contribution_supports as s')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('s.contribution_id', '=', 'c.id')
        .as('supports'),
    )
    .where('c.consultation_id', '=', consultationId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute()
  const links = await contributionLinks(db, { consultationId })
  return {
    consultation: found.consultation,
    rows: rows.map((r) => ({
      id: r.id,
      paragraph: r.paragraph_id ? (refs.get(r.paragraph_id) ?? null) : null,
      reply_to: r.parent_id,
      author: r.user_id
        ? `P-${keyedHash(`consultation:${consultationId}`, r.user_id).slice(0, 10)}`
        : 'erased',
      language: r.language,
      text: r.hidden_at ? null : r.body,
      hidden: r.hidden_at !== null,
      hidden_reason: r.hidden_reason,
      created_at: r.created_at,
      edited_at: r.edited_at,
      supports: Number(r.supports ?? 0),
      answer: r.answer,
      answer_text: r.answer_text,
      answered_at: r.answered_at,
      changed_actions: links
        .filter((l) => l.contribution_id === r.id && l.action_id)
        .map((l) => l.action_code ?? l.action_id!),
      changed_campaigns: links
        .filter((l) => l.contribution_id === r.id && l.campaign_id)
        .map((l) => l.campaign_id!),
    })),
  }
}

const CSV_HEADER = [
  'id',
  'paragraph',
  'reply_to',
  'author',
  'language',
  'text',
  'hidden',
  'hidden_reason',
  'created_at',
  'edited_at',
  'supports',
  'answer',
  'answer_text',
  'answered_at',
  'changed_actions',
  'changed_campaigns',
] as const

export function contributionsCsv(
  rows: NonNullable<Awaited<ReturnType<typeof openDataContributions>>>['rows'],
  style: CsvStyle = 'comma',
): string {
  return toCsv(
    [...CSV_HEADER],
    rows.map((r) =>
      CSV_HEADER.map((h) => {
        const v = r[h]
        return Array.isArray(v) ? v.join(' ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v
      }),
    ),
    style,
  )
}

/** The JSON document: the consultation, how authors are named, and every contribution row. */
export async function contributionsDocument(db: DB, consultationId: string) {
  const data = await openDataContributions(db, consultationId)
  if (!data) return null
  const c = data.consultation
  return {
    version: 1,
    consultation: {
      id: c.id,
      title: JSON.parse(c.title_i18n) as Record<string, string>,
      status: c.status,
      opens_at: c.opens_at,
      closes_at: c.closes_at,
    },
    authors: 'pseudonymised per consultation',
    contributions: data.rows,
  }
}
