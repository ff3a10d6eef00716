import { originalLanguage, textsOnly } from '../i18n/content'
import { createHash } from 'node:crypto'
import type { DB } from '../lib/db.server'
import { toCsv, type CsvStyle } from '../lib/csv'
import { keyedHash } from '../lib/keyed-hash.server'
import { contributionLinks, getConsultation, paragraphRefs } from './reading.server'

// The contributions of a published consultation as open data (CSV and JSON). The contract is
// stable: fields are only ever added (docs/open-data.md).

/**
 * The version of a consultation's open data: a digest of what the files hold (status, every row
 * and its changes). Two downloads of unchanged data get the same version — and so the same
 * pseudonyms and identical files; any new, edited, hidden or answered contribution makes a new one.
 */
function exportVersion(
  status: string,
  rows: {
    id: string
    created_at: string
    edited_at: string | null
    hidden_at: string | null
    answered_at: string | null
  }[],
): string {
  const hash = createHash('sha256').update(status)
  for (const r of rows)
    hash.update(
      `\u0000${r.id}|${r.created_at}|${r.edited_at ?? ''}|${r.hidden_at ?? ''}|${r.answered_at ?? ''}`,
    )
  return hash.digest('base64url').slice(0, 16)
}

/**
 * An author's pseudonym in one export version: an HMAC of the account under a key derived from
 * the server secret, the consultation and the export version. Within one file the same person has
 * the same pseudonym (threads can be followed); it is not an id shown anywhere on the site, cannot
 * be recomputed from public ids without the secret, and differs across consultations and versions.
 */
export function authorPseudonym(input: { consultationId: string; version: string; userId: string }): string {
  return `P-${keyedHash(`consultation-open-data:${input.consultationId}:${input.version}`, input.userId).slice(0, 12)}`
}

/**
 * Open data rows, authors pseudonymised per export version (`authorPseudonym`). Hidden
 * contributions keep their row with no text.
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
  const version = exportVersion(found.consultation.status, rows)
  return {
    consultation: found.consultation,
    version,
    rows: rows.map((r) => ({
      id: r.id,
      paragraph: r.paragraph_id ? (refs.get(r.paragraph_id) ?? null) : null,
      reply_to: r.parent_id,
      author: r.user_id ? authorPseudonym({ consultationId, version, userId: r.user_id }) : 'erased',
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
      title: textsOnly(c.title_i18n),
      original_language: originalLanguage(c.title_i18n),
      status: c.status,
      opens_at: c.opens_at,
      closes_at: c.closes_at,
    },
    export_version: data.version,
    authors: 'pseudonymised per export version',
    contributions: data.rows,
  }
}
