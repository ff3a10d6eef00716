import { originalLanguage, pickText, textsOnly } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { toCsv, type CsvStyle } from '../lib/csv'
import { getEdition } from './editions.server'
import { conferenceFigures, reportRows } from './report.server'

// Open data of a conference edition: every proposal with its axis, origin, status, lineage and
// counts. Public from the moment the edition exists (proposals are public anyway).
export async function conferenceOpenData(db: DB, editionId: string) {
  const found = await getEdition(db, editionId)
  if (!found) return null
  const [rows, figures] = await Promise.all([reportRows(db, editionId), conferenceFigures(db, editionId)])
  return {
    version: 1,
    edition: {
      id: found.edition.id,
      title: textsOnly(found.edition.title_i18n),
      original_language: originalLanguage(found.edition.title_i18n),
      phase: found.edition.phase,
      approval_threshold: found.edition.approval_threshold,
      votes_per_axis: found.edition.votes_per_axis,
    },
    figures,
    proposals: rows.map((r) => ({
      id: r.id,
      axis: r.axis_code ?? pickText(r.axis_name, 'pt-BR').text,
      axis_position: r.axis_position,
      kind: r.kind,
      origin: r.origin,
      preparatory_conference: r.preparatory,
      title: r.title,
      body: r.body,
      justification: r.justification,
      language: r.language,
      status: r.status,
      merged_into: r.merged_into_id,
      rejection_reason: r.rejection_reason,
      supports: r.supports,
      delegate_votes: r.votes,
    })),
  }
}

export function proposalsCsv(
  data: NonNullable<Awaited<ReturnType<typeof conferenceOpenData>>>,
  style: CsvStyle = 'comma',
): string {
  const header = [
    'id',
    'axis',
    'axis_position',
    'kind',
    'origin',
    'preparatory_conference',
    'title',
    'body',
    'justification',
    'language',
    'status',
    'merged_into',
    'rejection_reason',
    'supports',
    'delegate_votes',
  ]
  return toCsv(
    header,
    data.proposals.map((p) => header.map((h) => p[h as keyof typeof p])),
    style,
  )
}
