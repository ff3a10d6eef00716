import { createBody } from '../../app/council/bodies.server'
import { addMonths } from '../../app/council/terms'
import type { DB } from '../../app/lib/db.server'
import { nowIso } from '../../app/lib/ids.server'
import { createUser } from './factories'
import { openCycle } from './registration'

/** The calendar day `days` from today (negative: before). */
export const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
export { addMonths }

/**
 * A CMI-like body of 4 seats (term 24 months unless given) and an election at its official result
 * that elected, in segment A, Ana (1st) and Bia (2nd) with alternates Caio (1st) and Dani (2nd), and
 * in segment B, Edu with alternate Fabi. Nobody is seated yet.
 */
export async function electedCouncil(db: DB, { termMonths = 24 } = {}) {
  const secretariat = await createUser(db, { roles: ['secretariat'] })
  const body = await createBody(db, {
    actorUserId: secretariat.id,
    kind: 'cmi_plenary',
    name: 'Conselho com mandatos',
    seats: 4,
    quorumOpenPct: 50,
    quorumOpenStrict: false,
    quorumDeliberatePct: 50,
    quorumDeliberateStrict: true,
    noticeDays: 5,
    extraordinaryNoticeDays: 1,
    resolutionCode: 'CM',
    termMonths,
  })
  await openCycle(db)
  const electionId = 'election-terms'
  const now = nowIso()
  await db
    .insertInto('elections')
    .values({
      id: electionId,
      body: 'cmi',
      cycle_id: 'cycle-test',
      title_i18n: JSON.stringify({ 'pt-BR': 'Eleição do CMI' }),
      description_i18n: JSON.stringify({ 'pt-BR': '' }),
      phase: 'official_result',
      gazette_reference: 'DOC 20/12/2024, p. 31',
      rules: '{}',
      created_at: now,
      updated_at: now,
    })
    .execute()
  const elected = [
    ['Ana', 'A', 'titular', 1],
    ['Bia', 'A', 'titular', 2],
    ['Caio', 'A', 'alternate', 1],
    ['Dani', 'A', 'alternate', 2],
    ['Edu', 'B', 'titular', 1],
    ['Fabi', 'B', 'alternate', 1],
  ] as const
  for (const [name, segment, seat, rank] of elected)
    await db
      .insertInto('council_members')
      .values({
        id: `cm-${name}`,
        body: 'cmi',
        subprefecture_id: null,
        segment,
        election_id: electionId,
        candidacy_id: null,
        user_id: null,
        display_name: name,
        seat,
        rank,
        term_starts: now.slice(0, 10),
        term_ends: null,
      })
      .execute()
  return { bodyId: body.value.id, secretariat, electionId }
}

/** The body's memberships of one person, by name. */
export async function membershipsOf(db: DB, bodyId: string, name: string) {
  return db
    .selectFrom('body_members')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('display_name', '=', name)
    .orderBy('term_starts')
    .execute()
}
