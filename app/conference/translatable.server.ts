import type { ConferencePhase } from '../../db/schema'
import { storedOrPlain } from '../i18n/original-text'
import {
  REACH,
  type Reach,
  type TranslatableField,
  type TranslatableRow,
  idsIn,
} from '../translations/fields'

// The conference's authored texts (ADR 027: the translation registry): the edition's title and
// motto, the names of cross-cutting axes (thematic axes are named in locales/), and each proposal's
// title, body and justification, originals in the proposal's `language`.

/** What people can act on now: proposals being written, debated or voted on. */
export function conferenceReach(phase: ConferencePhase): Reach {
  if (phase === 'proposals_open' || phase === 'delegates_vote') return REACH.openNow
  return phase === 'final_report' ? REACH.archive : REACH.current
}

function editionField(kind: 'title' | 'motto'): TranslatableField {
  const column = kind === 'title' ? 'title_i18n' : 'motto_i18n'
  return {
    kind: `conference_edition.${kind}`,
    table: 'conference_editions',
    column,
    labelKey: `kinds.conference_edition.${kind}`,
    multiline: false,
    rows: async (db, ids) => {
      let q = db
        .selectFrom('conference_editions')
        .select(['id', 'phase', `${column} as stored`])
        .where(column, 'is not', null)
      if (ids) q = q.where('id', 'in', idsIn(ids))
      return (await q.orderBy('id').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: conferenceReach(r.phase),
        href: `/conference/${r.id}`,
      }))
    },
  }
}

type ProposalText = 'title' | 'body' | 'justification'

function proposalField(field: ProposalText): TranslatableField {
  const column = `${field}_i18n` as const
  return {
    kind: `conference_proposal.${field}`,
    table: 'proposals',
    column,
    labelKey: `kinds.conference_proposal.${field}`,
    multiline: field !== 'title',
    // Every proposal is public (merged and rejected ones too, with their lineage and reason):
    // there are no drafts or withdrawn proposals to leave out.
    rows: async (db, ids) => {
      let q = db
        .selectFrom('proposals as p')
        .innerJoin('conference_editions as e', 'e.id', 'p.edition_id')
        .select([
          'p.id',
          'p.edition_id',
          'p.language',
          'e.phase',
          `p.${field} as plain`,
          `p.${column} as stored`,
        ])
        .where(`p.${field}`, 'is not', null)
      if (ids) q = q.where('p.id', 'in', idsIn(ids))
      const rows = await q.orderBy('p.edition_id').orderBy('p.id').execute()
      return rows.flatMap((r): TranslatableRow[] => {
        const stored = storedOrPlain(r.stored, r.plain, r.language)
        if (stored === null) return []
        return [
          {
            id: r.id,
            stored,
            reach: conferenceReach(r.phase),
            href: `/conference/${r.edition_id}/proposals/${r.id}`,
          },
        ]
      })
    },
  }
}

export const conferenceFields: readonly TranslatableField[] = [
  editionField('title'),
  editionField('motto'),
  {
    kind: 'conference_axis.name',
    table: 'conference_axes',
    column: 'name_i18n',
    labelKey: 'kinds.conference_axis.name',
    multiline: false,
    rows: async (db, ids) => {
      let q = db
        .selectFrom('conference_axes as a')
        .innerJoin('conference_editions as e', 'e.id', 'a.edition_id')
        .select(['a.id', 'a.edition_id', 'a.position', 'e.phase', 'a.name_i18n as stored'])
        .where('a.name_i18n', 'is not', null)
      if (ids) q = q.where('a.id', 'in', idsIn(ids))
      return (await q.orderBy('a.edition_id').orderBy('a.position').orderBy('a.id').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: conferenceReach(r.phase),
        href: `/conference/${r.edition_id}`,
      }))
    },
  },
  proposalField('title'),
  proposalField('body'),
  proposalField('justification'),
]
