import type { ProposalStatus } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { delegateCount } from './delegates.server'

// The figures of an edition and the rows of its report (also the open data's source).

export async function conferenceFigures(db: DB, editionId: string) {
  const count = (status?: ProposalStatus[], kind?: 'original' | 'consolidated') => {
    let q = db
      .selectFrom('proposals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('edition_id', '=', editionId)
    if (status) q = q.where('status', 'in', status)
    if (kind) q = q.where('kind', '=', kind)
    return q.executeTakeFirstOrThrow().then((r) => Number(r.n))
  }
  const [originals, votable, approved, motions, prep, delegates, voters] = await Promise.all([
    count(undefined, 'original'),
    count(['consolidated', 'approved', 'not_approved']),
    count(['approved']),
    count(['motion']),
    db
      .selectFrom('preparatory_conferences')
      .select([
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.sum<number>('attendance').as('people'),
      ])
      .where('edition_id', '=', editionId)
      .executeTakeFirstOrThrow(),
    delegateCount(db, editionId),
    db
      .selectFrom('delegate_votes')
      .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
      .where('edition_id', '=', editionId)
      .executeTakeFirstOrThrow(),
  ])
  return {
    originals,
    votable,
    approved,
    motions,
    preparatory: Number(prep.n),
    attendance: Number(prep.people ?? 0),
    delegates,
    delegatesWhoVoted: Number(voters.n),
  }
}

/** Rows for the report and the open data: every proposal with its outcome and lineage. */
export async function reportRows(db: DB, editionId: string) {
  const rows = await db
    .selectFrom('proposals as p')
    .innerJoin('conference_axes as a', 'a.id', 'p.axis_id')
    .leftJoin('thematic_axes as t', 't.id', 'a.thematic_axis_id')
    .leftJoin('preparatory_conferences as c', 'c.id', 'p.preparatory_id')
    .select([
      'p.id',
      'p.kind',
      'p.origin',
      'p.title',
      'p.title_i18n',
      'p.body',
      'p.justification',
      'p.language',
      'p.status',
      'p.merged_into_id',
      'p.rejection_reason',
      'a.position as axis_position',
      't.code as axis_code',
      'a.name_i18n as axis_name',
      'c.name as preparatory',
    ])
    .select((eb) =>
      eb
        .selectFrom('delegate_votes')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('delegate_votes.proposal_id', '=', 'p.id')
        .as('votes'),
    )
    .select((eb) =>
      eb
        .selectFrom('proposal_supports')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('proposal_supports.proposal_id', '=', 'p.id')
        .as('supports'),
    )
    .where('p.edition_id', '=', editionId)
    .orderBy('a.position')
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute()
  return rows.map((r) => ({ ...r, votes: Number(r.votes ?? 0), supports: Number(r.supports ?? 0) }))
}

/** How many original proposals each axis received, by axis id. */
export async function originalsPerAxis(db: DB, editionId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('proposals')
    .select(['axis_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('edition_id', '=', editionId)
    .where('kind', '=', 'original')
    .groupBy('axis_id')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.axis_id, Number(r.n)]))
}
