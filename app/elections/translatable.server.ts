import type { ElectionPhase } from '../../db/schema'
import { parseContent } from '../i18n/content'
import { REACH, type Reach, type TranslatableField, idsIn } from '../translations/fields'
import { atLeast, candidatesPublic } from './phases'

// The election texts people author and others read (ADR 027: the translation registry).
// Contest titles need no entry: they are built from locale strings (segment and subprefecture
// names), translated with the interface.

/**
 * From candidacies opening to the vote, people act on these texts now; after the vote they are
 * read as the record; a closed election is the archive. Drafts are not queued at all: readers
 * cannot see them (the election page is a 404 until the commission opens it).
 */
export const electionReach = (phase: ElectionPhase): Reach =>
  phase === 'closed' ? REACH.archive : atLeast(phase, 'voting_closed') ? REACH.current : REACH.openNow

function electionTextField(field: 'title' | 'description', multiline: boolean): TranslatableField {
  const column = field === 'title' ? 'title_i18n' : 'description_i18n'
  return {
    kind: `election.${field}`,
    table: 'elections',
    column,
    labelKey: `kinds.election.${field}`,
    multiline,
    rows: async (db, ids) => {
      let q = db
        .selectFrom('elections')
        .select(['id', `${column} as stored`, 'phase'])
        .where('phase', '!=', 'draft')
      if (ids) q = q.where('id', 'in', idsIn(ids))
      return (await q.orderBy('id').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: electionReach(r.phase),
        href: `/elections/${r.id}`,
      }))
    },
  }
}

export const electionFields: readonly TranslatableField[] = [
  electionTextField('title', false),
  electionTextField('description', true),
  {
    // Accepted candidacies only: a submitted, rejected or withdrawn statement is not shown to voters,
    // and candidates are public only from the provisional list on (`candidatesPublic`): before that
    // a statement is not queued, not editable, not submitted and not exported.
    // The original is the language the candidate wrote in (`_orig`, set when they applied).
    kind: 'candidacy.statement',
    table: 'candidacies',
    column: 'statement_i18n',
    labelKey: 'kinds.candidacy.statement',
    multiline: true,
    rows: async (db, ids) => {
      let q = db
        .selectFrom('candidacies as c')
        .innerJoin('elections as e', 'e.id', 'c.election_id')
        .select([
          'c.id',
          'c.statement_i18n as stored',
          'c.election_id',
          'c.contest_id',
          'c.display_name',
          'e.phase',
        ])
        .where('c.status', '=', 'accepted')
        .where('e.phase', '!=', 'draft')
      if (ids) q = q.where('c.id', 'in', idsIn(ids))
      return (await q.orderBy('c.id').execute())
        .filter((r) => candidatesPublic(r.phase) && Object.keys(parseContent(r.stored).texts).length > 0)
        .map((r) => ({
          id: r.id,
          stored: r.stored,
          reach: electionReach(r.phase),
          href: `/elections/${r.election_id}/contests/${r.contest_id}`,
          context: r.display_name,
        }))
    },
  },
]
