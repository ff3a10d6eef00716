import { REACH, type Reach, type TranslatableField } from '../translations/fields'

// The election texts people author and others read (ADR 027: the translation registry).
const electionReach = (phase: string): Reach =>
  phase === 'archived' ? REACH.archive : phase === 'draft' ? REACH.current : REACH.openNow

export const electionFields: readonly TranslatableField[] = [
  {
    kind: 'election.title',
    table: 'elections',
    column: 'title_i18n',
    labelKey: 'kinds.election.title',
    multiline: false,
    rows: async (db, ids) => {
      let q = db.selectFrom('elections').select(['id', 'title_i18n as stored', 'phase'])
      if (ids) q = q.where('id', 'in', ids.length ? ids : [''])
      return (await q.orderBy('id').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: electionReach(r.phase),
        href: `/elections/${r.id}`,
      }))
    },
  },
  {
    kind: 'election.description',
    table: 'elections',
    column: 'description_i18n',
    labelKey: 'kinds.election.description',
    multiline: true,
    rows: async (db, ids) => {
      let q = db.selectFrom('elections').select(['id', 'description_i18n as stored', 'phase'])
      if (ids) q = q.where('id', 'in', ids.length ? ids : [''])
      return (await q.orderBy('id').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: electionReach(r.phase),
        href: `/elections/${r.id}`,
      }))
    },
  },
]
