// "Which ballot is mine?" (issue #20): the smart ballot trackers of a voter's cast ballots. A voter
// whose browser never got the answer to their cast (a crash, a lost connection) learns here whether
// it counted. A typed tracker is looked up by trackerInArchives (verifiable.server.ts).
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
