import type { Kysely } from 'kysely'
import type { ConsultationStatus, Database } from '../../db/schema'
import { parseContent } from '../i18n/content'
import {
  REACH,
  type Reach,
  type TranslatableField,
  type TranslatableRow,
  idsIn,
} from '../translations/fields'

// A consultation's authored texts (ADR 027: the translation registry): title, summary, the draft's
// section headings and paragraphs, the questions. Answer options are part of a question's JSON
// (`options_i18n`, a list of labels), not a text of their own.

/**
 * An open consultation takes contributions now: first. A closed one is being answered (people read
 * it to follow their contributions); an answered one is the archive. Drafts are not queued at all:
 * readers cannot see them, and the secretariat may still rewrite them.
 */
export const consultationReach = (status: ConsultationStatus): Reach =>
  status === 'open' ? REACH.openNow : status === 'closed' ? REACH.current : REACH.archive

type DB = Kysely<Database>
type Found = { id: string; stored: string; status: ConsultationStatus; consultation_id: string }

const authored = (row: TranslatableRow) => Object.keys(parseContent(row.stored).texts).length > 0

function toRows(found: Found[], anchor: (id: string) => string = () => ''): TranslatableRow[] {
  return found
    .map((r) => ({
      id: r.id,
      stored: r.stored,
      reach: consultationReach(r.status),
      href: `/consultations/${r.consultation_id}${anchor(r.id)}`,
    }))
    .filter(authored)
}

async function consultationRows(db: DB, column: 'title_i18n' | 'summary_i18n', ids?: readonly string[]) {
  let q = db
    .selectFrom('consultations')
    .select(['id', `${column} as stored`, 'status', 'id as consultation_id'])
    .where('status', '!=', 'draft')
  if (ids) q = q.where('id', 'in', idsIn(ids))
  return toRows(await q.orderBy('id').execute())
}

async function sectionRows(db: DB, ids?: readonly string[]) {
  let q = db
    .selectFrom('consultation_sections as s')
    .innerJoin('consultations as k', 'k.id', 's.consultation_id')
    .select(['s.id', 's.heading_i18n as stored', 'k.status', 's.consultation_id'])
    .where('k.status', '!=', 'draft')
  if (ids) q = q.where('s.id', 'in', idsIn(ids))
  return toRows(await q.orderBy('s.consultation_id').orderBy('s.position').execute())
}

async function paragraphRows(db: DB, ids?: readonly string[]) {
  let q = db
    .selectFrom('consultation_paragraphs as p')
    .innerJoin('consultations as k', 'k.id', 'p.consultation_id')
    .select(['p.id', 'p.body_i18n as stored', 'k.status', 'p.consultation_id'])
    .where('k.status', '!=', 'draft')
  if (ids) q = q.where('p.id', 'in', idsIn(ids))
  return toRows(await q.orderBy('p.consultation_id').orderBy('p.position').execute(), (id) => `#p-${id}`)
}

async function questionRows(db: DB, ids?: readonly string[]) {
  let q = db
    .selectFrom('consultation_questions as q')
    .innerJoin('consultations as k', 'k.id', 'q.consultation_id')
    .select(['q.id', 'q.prompt_i18n as stored', 'k.status', 'q.consultation_id'])
    .where('k.status', '!=', 'draft')
  if (ids) q = q.where('q.id', 'in', idsIn(ids))
  return toRows(await q.orderBy('q.consultation_id').orderBy('q.position').execute())
}

const field = (
  kind: string,
  table: TranslatableField['table'],
  column: string,
  multiline: boolean,
  rows: TranslatableField['rows'],
): TranslatableField => ({ kind, table, column, labelKey: `kinds.${kind}`, multiline, rows })

export const consultationFields: readonly TranslatableField[] = [
  field('consultation.title', 'consultations', 'title_i18n', false, (db, ids) =>
    consultationRows(db, 'title_i18n', ids),
  ),
  field('consultation.summary', 'consultations', 'summary_i18n', true, (db, ids) =>
    consultationRows(db, 'summary_i18n', ids),
  ),
  field('consultation_section.heading', 'consultation_sections', 'heading_i18n', false, sectionRows),
  field('consultation_paragraph.body', 'consultation_paragraphs', 'body_i18n', true, paragraphRows),
  field('consultation_question.prompt', 'consultation_questions', 'prompt_i18n', true, questionRows),
]
