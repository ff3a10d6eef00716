import { pickText } from '../i18n/config'
import type { DB } from '../lib/db.server'
import { boardBallots, boardCodes, tallyInput } from './counting.server'
import { listPublicElections } from './lifecycle.server'
import { boardPublic, resultsPublic } from './phases'

// The open-data contract (stable: fields are only ever added). Documented in docs/open-data.md.
export const OPEN_DATA_VERSION = 1

export async function electionsIndex(db: DB, origin: string) {
  const elections = await listPublicElections(db)
  return {
    version: OPEN_DATA_VERSION,
    elections: elections.map((e) => ({
      id: e.id,
      body: e.body,
      title: JSON.parse(e.title_i18n) as Record<string, string>,
      title_pt_br: pickText(e.title_i18n, 'pt-BR').text,
      phase: e.phase,
      voting_starts: e.voting_starts,
      voting_ends: e.voting_ends,
      results_url: resultsPublic(e.phase) ? `${origin}/open-data/elections/${e.id}/results.json` : null,
      ballots_url: boardPublic(e.phase) ? `${origin}/open-data/elections/${e.id}/ballots.json` : null,
    })),
  }
}

/** The bulletin board (ballots.json): only once voting has closed and the count is done. */
export async function bulletinBoard(db: DB, electionId: string) {
  const election = await db
    .selectFrom('elections')
    .select(['phase', 'rules'])
    .where('id', '=', electionId)
    .executeTakeFirst()
  if (!election || !boardPublic(election.phase)) return null
  const heads = await db
    .selectFrom('bulletin_boards')
    .selectAll()
    .where('election_id', '=', electionId)
    .executeTakeFirst()
  if (!heads) return null
  const input = await tallyInput(db, electionId)
  const dates = [...new Set(input.contests.flatMap((c) => c.candidates.map((x) => x.birthDate)))].sort()
  const seniority = (birthDate: string) => String(dates.indexOf(birthDate) + 1).padStart(4, '0')
  return {
    election: electionId,
    heads: { ballots: heads.ballots_head, trackingCodes: heads.codes_head },
    published_at: heads.published_at,
    rules: input.rules,
    // Birth dates are personal data; the tie-break only needs their order, so the board carries
    // a seniority rank (equal dates, equal rank) that sorts exactly like them.
    contests: input.contests.map((c) => ({
      id: c.id,
      seats: c.seats,
      alternates: c.alternates,
      candidates: c.candidates.map((x) => ({
        id: x.id,
        name: x.name,
        gender: x.gender,
        seniority: seniority(x.birthDate),
      })),
    })),
    tracking_codes: await boardCodes(db, electionId),
    ballots: await boardBallots(db, electionId),
  }
}
