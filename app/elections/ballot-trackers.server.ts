// "Which ballot is mine?" (issue #20): the smart ballot trackers of a voter's cast ballots, and
// whether a tracker someone typed is in an election's published archives. A voter whose browser
// never got the answer to their cast (a crash, a lost connection) learns here whether it counted.
import type { DB } from '../lib/db.server'
import { err, ok, type Result } from '../lib/result'
import { sealingKey, type SealingKey } from '../lib/sealed.server'
import { myBallotTrackers } from './verifiable.server'
import { rollEntryOfUser } from './voting.server'

export type VoterTrackersError = 'not_on_roll' | 'no_credentials_key'

/**
 * The trackers of the ballots signed with this voter's credentials, per archive; `tracker` is null
 * for an archive where they have not voted, or once publication has forgotten the credentials.
 */
export async function voterTrackers(
  db: DB,
  input: { electionId: string; userId: string; key?: SealingKey | null },
): Promise<Result<{ groupKey: string; tracker: string | null }[], VoterTrackersError>> {
  const roll = await rollEntryOfUser(db, input)
  if (!roll) return err('not_on_roll')
  const mine = await myBallotTrackers(db, {
    electionId: input.electionId,
    registrationId: roll.registration_id,
    key: input.key === undefined ? sealingKey() : input.key,
  })
  if (!mine.ok) return mine
  return ok(mine.value.map((m) => ({ groupKey: m.groupKey, tracker: m.tracker })))
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * A tracker as typed (spaces, grouping and a trailing '=' allowed) → the hex SHA-256 that names
 * the ballot's data block in the archive (the same digest, ADR 031); null when it cannot be one.
 */
export function trackerToHex(typed: string): string | null {
  // Callers bound the input (a query field); padding is at most one or two '='.
  let t = typed.replace(/\s/g, '')
  while (t.endsWith('=')) t = t.slice(0, -1)
  if (t.length !== 43 || ![...t].every((c) => B64.includes(c))) return null
  let bits = 0
  let acc = 0
  let hex = ''
  for (const c of t) {
    acc = (acc << 6) | B64.indexOf(c)
    bits += 6
    while (bits >= 8) {
      bits -= 8
      hex += ((acc >> bits) & 0xff).toString(16).padStart(2, '0')
    }
    acc &= (1 << bits) - 1
  }
  // 43 characters carry 258 bits: the last 2 must be zero in a canonical encoding.
  return acc === 0 && hex.length === 64 ? hex : null
}

export type TrackerLookup = { found: false } | { found: true; groupKey: string; uuid: string }

/** Whether a ballot with this tracker is in one of the election's archives, and which one. */
export async function findTracker(
  db: DB,
  input: { electionId: string; tracker: string },
): Promise<Result<TrackerLookup, 'malformed'>> {
  const hex = trackerToHex(input.tracker)
  if (!hex) return err('malformed')
  const rows = await db
    .selectFrom('belenios_blocks as b')
    .innerJoin('belenios_archives as a', 'a.uuid', 'b.archive_uuid')
    .select(['a.uuid', 'a.group_key', 'b.content'])
    .where('a.election_id', '=', input.electionId)
    .where('b.hash', '=', hex)
    .where('b.kind', '=', 'data')
    .execute()
  // Only a ballot's data block starts so (canonical JSON, election_uuid first): not election.json.
  const hit = rows.find((r) => r.content.startsWith('{"election_uuid":'))
  return ok(hit ? { found: true, groupKey: hit.group_key, uuid: hit.uuid } : { found: false })
}
