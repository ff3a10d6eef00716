import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'

// Every text that people author and others read, in one list (ADR 027). The translators' queue,
// the editor, publishing, and import/export work from this registry, so a feature becomes
// translatable by adding its fields here — not by building its own translation screens.

/** Reach orders the queue: what people can act on now first. */
export const REACH = { openNow: 0, current: 1, archive: 2 } as const
export type Reach = (typeof REACH)[keyof typeof REACH]

export type TranslatableRow = {
  id: string
  /** the stored JSON column (see app/i18n/content.ts) */
  stored: string | null
  reach: Reach
  /** where readers see this text (for the editor's context link) */
  href: string
  /** a short context for the translator, in the original's words (e.g. the action's code) */
  context?: string
}

export type TranslatableField = {
  /** stable identifier, `<entity>.<field>`: used in URLs, exports and the workflow tables */
  kind: string
  /** the table and JSON column published translations are written to */
  table: keyof Database & string
  column: string
  /** key in the `translations` locale namespace naming this kind of text for translators */
  labelKey: string
  /** long texts get a textarea in the editor */
  multiline: boolean
  /** the rows of this field, with their reach; `ids` narrows to some rows */
  rows: (db: Kysely<Database>, ids?: readonly string[]) => Promise<TranslatableRow[]>
}

const electionReach = (phase: string): Reach =>
  phase === 'archived' ? REACH.archive : phase === 'draft' ? REACH.current : REACH.openNow

export const TRANSLATABLE_FIELDS: readonly TranslatableField[] = [
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
  {
    kind: 'plan_action.title',
    table: 'plan_actions',
    column: 'title_i18n',
    labelKey: 'kinds.plan_action.title',
    multiline: true,
    rows: async (db, ids) => {
      let q = db.selectFrom('plan_actions').select(['id', 'code', 'title_i18n as stored'])
      if (ids) q = q.where('id', 'in', ids.length ? ids : [''])
      return (await q.orderBy('code').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: REACH.current,
        href: `/plan/actions/${r.id}`,
        context: r.code,
      }))
    },
  },
]

export function translatableField(kind: string): TranslatableField | undefined {
  return TRANSLATABLE_FIELDS.find((f) => f.kind === kind)
}
