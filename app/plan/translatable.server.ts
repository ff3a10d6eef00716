import { REACH, type TranslatableField } from '../translations/fields'

// The Municipal Plan's authored texts (ADR 027: the translation registry).
export const planFields: readonly TranslatableField[] = [
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
