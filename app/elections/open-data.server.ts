import { pickText } from '../i18n/config'
import type { DB } from '../lib/db.server'
import { listElections } from './elections.server'
import { boardPublic, resultsPublic } from './phases'

// The open-data contract (stable: fields are only ever added). Documented in docs/open-data.md.
export const OPEN_DATA_VERSION = 1

export async function electionsIndex(db: DB, origin: string) {
  const elections = (await listElections(db)).filter((e) => e.phase !== 'draft')
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

export function openDataResponse(body: unknown): Response {
  return new Response(JSON.stringify(body, null, 1), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=60',
    },
  })
}
