import type { ElectionPhase } from '../../db/schema'
import { storedOrPlain } from '../i18n/original-text'
import { REACH, type Reach, type TranslatableField, idsIn } from '../translations/fields'
import { atLeast } from './phases'

// A polling place's name (ADR 027: the translation registry), original in its `text_language`.
// The address stays as written: it names streets and is what people show a taxi driver.

/** Places of an election voting now come first; places of a finished election are the archive. */
export function pollingReach(phase: ElectionPhase): Reach {
  if (phase === 'voting_open') return REACH.openNow
  return atLeast(phase, 'voting_closed') ? REACH.archive : REACH.current
}

export const pollingFields: readonly TranslatableField[] = [
  {
    kind: 'polling_place.name',
    table: 'polling_places',
    column: 'name_i18n',
    labelKey: 'kinds.polling_place.name',
    multiline: false,
    rows: async (db, ids) => {
      let q = db
        .selectFrom('polling_places as p')
        .innerJoin('elections as e', 'e.id', 'p.election_id')
        .select(['p.id', 'p.election_id', 'p.name', 'p.name_i18n', 'p.text_language', 'e.phase'])
      if (ids) q = q.where('p.id', 'in', idsIn(ids))
      const rows = await q.orderBy('p.election_id').orderBy('p.id').execute()
      return rows.flatMap((r) => {
        const stored = storedOrPlain(r.name_i18n, r.name, r.text_language)
        return stored === null
          ? []
          : [
              {
                id: r.id,
                stored,
                reach: pollingReach(r.phase),
                href: `/elections/${r.election_id}#place-${r.id}`,
              },
            ]
      })
    },
  },
]
