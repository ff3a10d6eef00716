import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { createBallot, parseBallot, verifyBallot, type Ballot, type Plaintext } from '../belenios/ballot'
import { encodeArchive } from '../belenios/archive'
import { generateCredential, publicCredential } from '../belenios/credential'
import { buildMutiraoElection, parseElection, type Election } from '../belenios/election'
import {
  ballotEntry,
  encryptedTallyEntry,
  endBallotsEntry,
  fromUtf8,
  ownedEntry,
  parseOwned,
  parseEvent,
  parseSetupData,
  resultEntry,
  setupEntry,
  utf8,
  type ArchiveEntry,
  type ChainTip,
  type EventType,
} from '../belenios/events'
import { BELENIOS_2048, randomZq } from '../belenios/group'
import { decryptTally } from '../belenios/result'
import { computeEncryptedTally, parseEncryptedTally } from '../belenios/tally'
import { proveKnowledge } from '../belenios/threshold/pki'
import type { ThresholdParameters } from '../belenios/threshold/codec'
import {
  checkTrusteesAndCombineKeys,
  combineFactors,
  readTrustees,
  writeTrustees,
  type EncryptedTally,
  type OwnedPartialDecryption,
  type TrusteeKind,
} from '../belenios/threshold/decryption'
import {
  computePartialDecryption,
  parsePartialDecryption,
  serializePartialDecryption,
  verifyPartialDecryption,
} from '../belenios/partial-decryption'
import {
  appendBlocks,
  archiveHead,
  archiveBlocks,
  archivesOfElection,
  blocksToEntries,
  createArchive,
  credentialOf,
  entryBlocks,
  forgetCredentials,
  storeCredentials,
  type ArchiveHead,
  type Block,
  type QuestionsMap,
} from '../belenios/store.server'
import type { DB } from '../lib/db.server'
import { yieldToEventLoop } from '../lib/event-loop.server'
import type { TallyContest } from './tally'
import { err, ok, type Result } from '../lib/result'
import { seal, unseal, type SealingKey } from '../lib/sealed.server'

// The verifiable-election pipeline of a Mutirão election (issue #20, ADRs 029 and 033): one
// Belenios archive per contest group, prepared when voting opens, ballots appended as voters cast
// them, then EndBallots, the encrypted tally, the server's and the commission's partial
// decryptions and the result, whose counts feed the pure seat allocation (tally.ts). Nothing here
// writes or logs a plaintext choice: a ballot is only ever stored as its Belenios ciphertext.

type Tx = Transaction<Database>
const G = BELENIOS_2048

// ---------------------------------------------------------------------------------------------
// Contest groups

export type GroupQuestion = {
  contestId: string
  title: string
  /** Accepted candidacies, in ballot order: answer j of the question is candidacies[j]. */
  candidacies: { id: string; name: string }[]
}

export type ContestGroup = {
  /** 'segments', or 'subprefecture-<id>'. */
  key: string
  questions: GroupQuestion[]
  /** Registration ids of the roll entries that vote in this group. */
  registrationIds: string[]
}

function originalText(i18n: string): string {
  try {
    const parsed = JSON.parse(i18n) as Record<string, unknown>
    const first = Object.values(parsed).find((v) => typeof v === 'string' && v.length > 0)
    return typeof first === 'string' ? first : ''
  } catch {
    return ''
  }
}

/**
 * The archives an election needs (ADR 033): the segment contests together (every voter on the
 * roll), and each subprefecture contest alone (its voters). Contests without accepted candidates
 * have no question (nobody to vote for); a group without questions has no archive.
 */
export async function contestGroups(db: DB | Tx, electionId: string): Promise<ContestGroup[]> {
  const contests = await db
    .selectFrom('contests')
    .leftJoin('subprefectures', 'subprefectures.id', 'contests.subprefecture_id')
    .select([
      'contests.id',
      'contests.kind',
      'contests.segment',
      'contests.subprefecture_id',
      'subprefectures.name as subprefecture',
    ])
    .where('contests.election_id', '=', electionId)
    .orderBy('contests.position')
    .orderBy('contests.id')
    .execute()
  const candidacies = await db
    .selectFrom('candidacies')
    .select(['id', 'contest_id', 'display_name'])
    .where('election_id', '=', electionId)
    .where('status', '=', 'accepted')
    .orderBy('display_name')
    .orderBy('id')
    .execute()
  const roll = await db
    .selectFrom('voter_rolls')
    .select(['registration_id', 'subprefecture_id'])
    .where('election_id', '=', electionId)
    .orderBy('registration_id')
    .execute()
  const question = (c: (typeof contests)[number]): GroupQuestion => ({
    contestId: c.id,
    title:
      c.kind === 'segment'
        ? `Segmento ${c.segment ?? ''}`
        : `Subprefeitura ${c.subprefecture ?? c.subprefecture_id ?? ''}`,
    candidacies: candidacies
      .filter((k) => k.contest_id === c.id)
      .map((k) => ({ id: k.id, name: k.display_name })),
  })
  const groups: ContestGroup[] = []
  const segments = contests
    .filter((c) => c.kind === 'segment')
    .map(question)
    .filter((q) => q.candidacies.length > 0)
  if (segments.length > 0) {
    groups.push({ key: 'segments', questions: segments, registrationIds: roll.map((r) => r.registration_id) })
  }
  for (const c of contests.filter((k) => k.kind === 'subprefecture')) {
    const q = question(c)
    if (q.candidacies.length === 0) continue
    groups.push({
      key: `subprefecture-${c.subprefecture_id}`,
      questions: [q],
      registrationIds: roll
        .filter((r) => r.subprefecture_id === c.subprefecture_id)
        .map((r) => r.registration_id),
    })
  }
  return groups
}

// ---------------------------------------------------------------------------------------------
// Archives as entries (the store keeps files; the core builds entries)

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** A Belenios election uuid: 22 base-58 characters (as `setup generate-token`, ≥ 14). */
export function newBeleniosUuid(): string {
  let out = ''
  for (let i = 0; i < 22; i++) out += BASE58[Number(randomZq(G) % 58n)]
  return out
}

const serverKeyBinding = (uuid: string) => `belenios-server-key|${uuid}`

type LoadedArchive = {
  uuid: string
  head: ArchiveHead
  questionsMap: QuestionsMap
  headerTimestamp: number
  serverKeySealed: string | null
  entries: ArchiveEntry[]
  election: Election
  trustees: TrusteeKind[]
  lastType: EventType
  tip: ChainTip
}

async function loadArchive(db: DB | Tx, uuid: string): Promise<LoadedArchive | null> {
  const row = await db
    .selectFrom('belenios_archives')
    .select([
      'uuid',
      'questions_map',
      'header_timestamp',
      'server_key_sealed',
      'blocks',
      'events',
      'last_event_hash',
    ])
    .where('uuid', '=', uuid)
    .executeTakeFirst()
  if (!row) return null
  const entries = blocksToEntries(await archiveBlocks(db, uuid))
  if (!entries || entries.length === 0 || entries[0]!.event.type !== 'Setup') return null
  const setup = entries[0]!
  const setupData = parseSetupData(setup.blocks[3]!.bytes)
  if (!setupData) return null
  const election = parseElection(fromUtf8(setup.blocks[0]!.bytes))
  if (!election.ok) return null
  let trusteesJson: unknown
  try {
    trusteesJson = JSON.parse(fromUtf8(setup.blocks[1]!.bytes) ?? '')
  } catch {
    return null
  }
  const trustees = readTrustees(trusteesJson, G)
  if (!trustees) return null
  const last = entries[entries.length - 1]!
  return {
    uuid,
    head: { uuid, blocks: row.blocks, events: row.events, lastEventHash: row.last_event_hash },
    questionsMap: JSON.parse(row.questions_map) as QuestionsMap,
    headerTimestamp: row.header_timestamp,
    serverKeySealed: row.server_key_sealed,
    entries,
    election: election.value,
    trustees,
    lastType: last.event.type,
    tip: { hash: last.hash, height: last.event.height },
  }
}

function ballotsOf(archive: LoadedArchive): { json: string; ballot: Ballot }[] {
  const out: { json: string; ballot: Ballot }[] = []
  for (const e of archive.entries) {
    if (e.event.type !== 'Ballot') continue
    const json = fromUtf8(e.blocks[0]!.bytes)!
    const parsed = parseBallot(archive.election, json)
    if (parsed.ok) out.push({ json, ballot: parsed.value })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// The vote path's reads, O(1) in the archive's size (issue #20, item 6): the Setup (election,
// trustees, public credentials) is immutable once written, so it is parsed once per process and
// cached by the Setup event's hash (content-addressed: the same hash is the same Setup); the chain
// tip comes from the head row and the last event alone; "has this credential voted?" is the
// belenios_cast_credentials index (migration 041), written with the Ballot event.

type ArchiveSetup = {
  election: Election
  trustees: TrusteeKind[]
  /** The Setup's public credentials, in decimal as written in the archive. */
  credentials: ReadonlySet<string>
}

// An election has one archive per contest group (the segments + up to 32 subprefectures): room
// for a couple of elections' archives at once. Memory is bounded by the rolls (each voter's public
// credential sits in two archives at most, ~620 characters each).
const SETUP_CACHE_MAX = 80
const setupCache = new Map<string, ArchiveSetup>()

async function archiveSetup(db: DB | Tx, uuid: string): Promise<ArchiveSetup | null> {
  // The first event is the Setup; the primary key (archive_uuid, seq) stops the scan there.
  const first = await db
    .selectFrom('belenios_blocks')
    .select(['seq', 'hash'])
    .where('archive_uuid', '=', uuid)
    .where('kind', '=', 'event')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst()
  if (!first) return null
  const cached = setupCache.get(first.hash)
  if (cached) {
    setupCache.delete(first.hash)
    setupCache.set(first.hash, cached)
    return cached
  }
  const entries = blocksToEntries(
    await db
      .selectFrom('belenios_blocks')
      .select(['kind', 'hash', 'content'])
      .where('archive_uuid', '=', uuid)
      .where('seq', '<=', first.seq)
      .orderBy('seq')
      .execute(),
  )
  const setup = entries?.[0]
  if (!entries || entries.length !== 1 || !setup || setup.event.type !== 'Setup') return null
  if (!parseSetupData(setup.blocks[3]!.bytes)) return null
  const election = parseElection(fromUtf8(setup.blocks[0]!.bytes))
  if (!election.ok) return null
  let trusteesJson: unknown
  let credentialsJson: unknown
  try {
    trusteesJson = JSON.parse(fromUtf8(setup.blocks[1]!.bytes) ?? '')
    credentialsJson = JSON.parse(fromUtf8(setup.blocks[2]!.bytes) ?? '')
  } catch {
    return null
  }
  const trustees = readTrustees(trusteesJson, G)
  if (!trustees || !Array.isArray(credentialsJson)) return null
  const credentials = new Set<string>()
  for (const c of credentialsJson) {
    if (typeof c !== 'string') return null
    const comma = c.indexOf(',')
    credentials.add(comma < 0 ? c : c.slice(0, comma))
  }
  const value: ArchiveSetup = { election: election.value, trustees, credentials }
  setupCache.set(first.hash, value)
  if (setupCache.size > SETUP_CACHE_MAX) setupCache.delete(setupCache.keys().next().value!)
  return value
}

type ArchiveTip = { head: ArchiveHead; lastType: EventType; tip: ChainTip; questionsMap: QuestionsMap }

/** The append point and the last event's type: the head row and one event, whatever the size. */
async function archiveTip(db: DB | Tx, uuid: string): Promise<ArchiveTip | null> {
  const row = await db
    .selectFrom('belenios_archives as a')
    .leftJoin('belenios_blocks as b', (join) =>
      join
        .onRef('b.archive_uuid', '=', 'a.uuid')
        .onRef('b.hash', '=', 'a.last_event_hash')
        .on('b.kind', '=', 'event'),
    )
    .select(['a.uuid', 'a.blocks', 'a.events', 'a.last_event_hash', 'a.questions_map', 'b.content'])
    .where('a.uuid', '=', uuid)
    .limit(1)
    .executeTakeFirst()
  if (!row || row.last_event_hash === null || row.content === null) return null
  const event = parseEvent(utf8(row.content))
  if (!event || event.height !== row.events - 1) return null
  return {
    head: { uuid, blocks: row.blocks, events: row.events, lastEventHash: row.last_event_hash },
    lastType: event.type,
    tip: { hash: row.last_event_hash, height: event.height },
    questionsMap: JSON.parse(row.questions_map) as QuestionsMap,
  }
}

/** The tracker of the ballot cast with this public credential in this archive, if any. */
async function castTracker(db: DB | Tx, uuid: string, credential: bigint): Promise<string | null> {
  const row = await db
    .selectFrom('belenios_cast_credentials')
    .select('tracker')
    .where('archive_uuid', '=', uuid)
    .where('credential', '=', credential.toString())
    .executeTakeFirst()
  return row ? row.tracker : null
}

// ---------------------------------------------------------------------------------------------
// Setup

export type PrepareError = 'no_credentials_key' | 'already_prepared' | 'no_contests' | 'bad_commission'

/**
 * Creates the election's archives when voting opens (call it in the transaction that opens
 * voting): per contest group a uuid, a fresh server key (sealed), the trustees (server + the
 * commission's threshold parameters when given), election.json, one credential per voter (sealed)
 * and the Setup event. Fails closed without a credentials key.
 */
export async function prepareArchives(
  trx: Tx,
  input: {
    electionId: string
    key: SealingKey | null
    commission: ThresholdParameters | null
    now: Date
  },
): Promise<Result<{ uuid: string; groupKey: string; voters: number }[], PrepareError>> {
  const { key } = input
  if (!key) return err('no_credentials_key')
  const existing = await archivesOfElection(trx, input.electionId)
  if (existing.length > 0) return err('already_prepared')
  const groups = await contestGroups(trx, input.electionId)
  if (groups.length === 0) return err('no_contests')
  const election = await trx
    .selectFrom('elections')
    .select(['title_i18n', 'description_i18n'])
    .where('id', '=', input.electionId)
    .executeTakeFirstOrThrow()
  if (input.commission) {
    const checked = checkTrusteesAndCombineKeys(G, [{ kind: 'Pedersen', parameters: input.commission }])
    if (!checked.ok) return err('bad_commission')
  }
  const out: { uuid: string; groupKey: string; voters: number }[] = []
  for (const group of groups) {
    const uuid = newBeleniosUuid()
    const serverKey = randomZq(G)
    const trustees: TrusteeKind[] = [{ kind: 'Single', key: proveKnowledge(G, serverKey) }]
    if (input.commission) trustees.push({ kind: 'Pedersen', parameters: input.commission })
    const combined = checkTrusteesAndCombineKeys(G, trustees)
    if (!combined.ok) throw new Error('trustees: checked above')
    const built = buildMutiraoElection({
      uuid,
      title: originalText(election.title_i18n) || 'Mutirão',
      description: originalText(election.description_i18n),
      publicKey: combined.publicKey,
      contests: group.questions.map((q) => ({
        title: q.title,
        candidates: q.candidacies.map((c) => c.name),
      })),
    })
    if (!built.ok) throw new Error(`election.json: ${built.error}`)
    const credentials = group.registrationIds.map((registrationId) => ({
      registrationId,
      credential: generateCredential(),
    }))
    const publicCredentials = credentials
      .map((c) => publicCredential(G, uuid, c.credential).toString())
      .sort()
    const created = await createArchive(trx, {
      uuid,
      electionId: input.electionId,
      groupKey: group.key,
      questionsMap: group.questions.map((q) => ({
        contestId: q.contestId,
        answers: q.candidacies.map((c) => c.id),
      })),
      headerTimestamp: Math.floor(input.now.getTime() / 1000),
      serverKeySealed: seal(key, serverKeyBinding(uuid), serverKey.toString()),
    })
    if (!created.ok) return err('already_prepared')
    await storeCredentials(trx, key, uuid, credentials)
    const setup = setupEntry({
      election: built.value.raw,
      trustees: writeTrustees(trustees),
      credentials: JSON.stringify(publicCredentials),
    })
    const appended = await appendBlocks(trx, created.value, entryBlocks(setup))
    if (!appended.ok) throw new Error(`setup: ${appended.error}`)
    out.push({ uuid, groupKey: group.key, voters: credentials.length })
  }
  return ok(out)
}

// ---------------------------------------------------------------------------------------------
// Casting

export type CastError =
  | 'no_credentials_key'
  | 'not_on_roll'
  | 'missing_archive'
  | 'not_in_archive'
  | 'voting_closed'
  | 'already_voted'
  | 'wrong_credential'
  | 'invalid_ballot'
  | 'unreadable_credential'
  | 'changed_meanwhile'

async function voterArchives(db: DB | Tx, electionId: string, registrationId: string) {
  return db
    .selectFrom('belenios_credentials as c')
    .innerJoin('belenios_archives as a', 'a.uuid', 'c.archive_uuid')
    .select(['a.uuid', 'a.group_key'])
    .where('a.election_id', '=', electionId)
    .where('c.registration_id', '=', registrationId)
    .orderBy('a.group_key')
    .execute()
}

/** Ballots that passed every check that does not depend on the archive's head (`checkCast`). */
export type CheckedCast = {
  readonly electionId: string
  readonly registrationId: string
  readonly ballots: readonly { uuid: string; json: string; credential: bigint; tracker: string }[]
}

/**
 * The costly part of a cast, to run BEFORE the write transaction (review H1: a refused ballot must
 * not hold the write lock for its proofs): the voter's archives, their credential, and each ballot
 * verified by the core (signature, proofs) against THIS voter's public credential. Nothing here
 * depends on the archive's head: the Setup is immutable, so the check stays valid for the append.
 */
export async function checkCast(
  db: DB | Tx,
  input: {
    electionId: string
    registrationId: string
    key: SealingKey | null
    ballots: { uuid: string; json: string }[]
  },
): Promise<Result<CheckedCast, CastError>> {
  const { key } = input
  if (!key) return err('no_credentials_key')
  const mine = await voterArchives(db, input.electionId, input.registrationId)
  if (mine.length === 0) return err('not_on_roll')
  const given = new Set(input.ballots.map((b) => b.uuid))
  if (given.size !== input.ballots.length) return err('invalid_ballot')
  for (const b of input.ballots) if (!mine.some((m) => m.uuid === b.uuid)) return err('not_in_archive')
  for (const m of mine) if (!given.has(m.uuid)) return err('missing_archive')

  // Every ballot is checked before any is appended: all the voter's ballots or none.
  const checked: { uuid: string; json: string; credential: bigint; tracker: string }[] = []
  for (const b of input.ballots) {
    const state = await archiveTip(db, b.uuid)
    const setup = state ? await archiveSetup(db, b.uuid) : null
    if (!state || !setup) return err('missing_archive')
    if (state.lastType !== 'Setup' && state.lastType !== 'Ballot') return err('voting_closed')
    const credential = await credentialOf(db, key, b.uuid, input.registrationId)
    if (!credential.ok) return err('unreadable_credential')
    const mineCredential = publicCredential(G, b.uuid, credential.value)
    if (!setup.credentials.has(mineCredential.toString())) return err('unreadable_credential')
    // Already cast: refused before the proofs are paid for (the index's key still decides later).
    if ((await castTracker(db, b.uuid, mineCredential)) !== null) return err('already_voted')
    const verified = verifyBallot(setup.election, new Set([mineCredential]), b.json)
    if (!verified.ok) {
      return err(verified.error === 'unknown_credential' ? 'wrong_credential' : 'invalid_ballot')
    }
    checked.push({ uuid: b.uuid, json: b.json, credential: mineCredential, tracker: verified.value.tracker })
  }
  return ok({ electionId: input.electionId, registrationId: input.registrationId, ballots: checked })
}

/**
 * Appends checked ballots (`checkCast`), in the caller's write transaction: claims each credential
 * in the index (its primary key is the one-ballot rule), then compare-and-set on each archive's
 * head. Should an append fail after an earlier one succeeded, the caller must roll back (throw).
 */
export async function appendCheckedCast(
  trx: Tx,
  cast: CheckedCast,
): Promise<Result<{ uuid: string; tracker: string }[], CastError>> {
  const out: { uuid: string; tracker: string }[] = []
  for (const c of cast.ballots) {
    // The index's primary key is the guard against a second ballot for the credential, also
    // against a cast committed since the check (on PostgreSQL, another connection).
    const claimed = await trx
      .insertInto('belenios_cast_credentials')
      .values({ archive_uuid: c.uuid, credential: c.credential.toString(), tracker: c.tracker })
      .onConflict((oc) => oc.columns(['archive_uuid', 'credential']).doNothing())
      .executeTakeFirst()
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) !== 1) return err('already_voted')
    // Should this ballot not be appended after all, its claim goes too: a caller that returns the
    // error without rolling back must not leave a credential marked as used with no ballot.
    const unclaim = async (error: CastError) => {
      await trx
        .deleteFrom('belenios_cast_credentials')
        .where('archive_uuid', '=', c.uuid)
        .where('credential', '=', c.credential.toString())
        .execute()
      return err(error)
    }
    // Compare-and-set on the archive's head; another ballot appended meanwhile: read the head again.
    for (let attempt = 0; ; attempt++) {
      const state = await archiveTip(trx, c.uuid)
      if (!state) return unclaim('missing_archive')
      if (state.lastType !== 'Setup' && state.lastType !== 'Ballot') return unclaim('voting_closed')
      const appended = await appendBlocks(trx, state.head, entryBlocks(ballotEntry(state.tip, c.json)))
      if (appended.ok) {
        out.push({ uuid: c.uuid, tracker: c.tracker })
        break
      }
      if (appended.error !== 'changed_meanwhile' || attempt >= MAX_APPEND_ATTEMPTS - 1) {
        return unclaim('changed_meanwhile')
      }
    }
  }
  return ok(out)
}

/**
 * Appends one ballot per archive of the voter's contest groups, all or none: each verified with
 * the core and signed with THIS voter's credential; no second ballot for a credential (ADR 029).
 * `checkCast` then `appendCheckedCast` in one call; the vote path calls them apart so that the
 * proofs are checked outside the write transaction.
 */
export async function castVerifiable(
  trx: Tx,
  input: {
    electionId: string
    registrationId: string
    key: SealingKey | null
    ballots: { uuid: string; json: string }[]
  },
): Promise<Result<{ uuid: string; tracker: string }[], CastError>> {
  const checked = await checkCast(trx, input)
  if (!checked.ok) return checked
  return appendCheckedCast(trx, checked.value)
}

/** Re-reads of the head after a concurrent append, per ballot (each is O(1)). */
const MAX_APPEND_ATTEMPTS = 5

export type EncryptError =
  'no_credentials_key' | 'not_on_roll' | 'missing_choice' | 'bad_choice' | 'unreadable_credential'

/**
 * The no-JavaScript path: the server encrypts the voter's choices (contest id → candidacy id or
 * 'blank') with the voter's credential, one ballot per archive, for `castVerifiable`. Nothing of
 * the choices is written or logged.
 */
export async function encryptForVoter(
  db: DB | Tx,
  input: {
    electionId: string
    registrationId: string
    key: SealingKey | null
    choices: Record<string, string>
  },
): Promise<Result<{ uuid: string; json: string; tracker: string }[], EncryptError>> {
  const { key } = input
  if (!key) return err('no_credentials_key')
  const mine = await voterArchives(db, input.electionId, input.registrationId)
  if (mine.length === 0) return err('not_on_roll')
  const out: { uuid: string; json: string; tracker: string }[] = []
  for (const m of mine) {
    const state = await archiveTip(db, m.uuid)
    const setup = state ? await archiveSetup(db, m.uuid) : null
    if (!state || !setup) return err('not_on_roll')
    const plaintext: Plaintext = []
    for (const q of state.questionsMap) {
      const choice = input.choices[q.contestId]
      if (choice === undefined) return err('missing_choice')
      const row = new Array<number>(q.answers.length + 1).fill(0)
      if (choice === 'blank') row[0] = 1
      else {
        const j = q.answers.indexOf(choice)
        if (j < 0) return err('bad_choice')
        row[j + 1] = 1
      }
      plaintext.push(row)
    }
    const credential = await credentialOf(db, key, m.uuid, input.registrationId)
    if (!credential.ok) return err('unreadable_credential')
    const created = createBallot(setup.election, credential.value, plaintext)
    if (!created.ok) return err('bad_choice')
    out.push({ uuid: m.uuid, json: created.value.json, tracker: created.value.tracker })
  }
  return ok(out)
}

/** "Which ballot is mine?": the trackers of the voter's cast ballots, until credentials are forgotten. */
export async function myBallotTrackers(
  db: DB | Tx,
  input: { electionId: string; registrationId: string; key: SealingKey | null },
): Promise<
  Result<{ uuid: string; groupKey: string; tracker: string | null }[], 'no_credentials_key' | 'not_on_roll'>
> {
  const { key } = input
  if (!key) return err('no_credentials_key')
  const mine = await voterArchives(db, input.electionId, input.registrationId)
  if (mine.length === 0) return err('not_on_roll')
  const out: { uuid: string; groupKey: string; tracker: string | null }[] = []
  for (const m of mine) {
    const credential = await credentialOf(db, key, m.uuid, input.registrationId)
    const tracker = credential.ok
      ? await castTracker(db, m.uuid, publicCredential(G, m.uuid, credential.value))
      : null
    out.push({ uuid: m.uuid, groupKey: m.group_key, tracker })
  }
  return ok(out)
}

// ---------------------------------------------------------------------------------------------
// Counting

export type EndError =
  'no_credentials_key' | 'no_archives' | 'already_ended' | 'unreadable_server_key' | 'changed_meanwhile'

function tallyOf(archive: LoadedArchive): { tally: EncryptedTally; numTallied: number } | null {
  const et = archive.entries.find((e) => e.event.type === 'EncryptedTally')
  if (!et) return null
  let sized: unknown
  try {
    sized = JSON.parse(fromUtf8(et.blocks[1]!.bytes) ?? '')
  } catch {
    return null
  }
  const tally = parseEncryptedTally(archive.election, fromUtf8(et.blocks[0]!.bytes) ?? '')
  const numTallied = (sized as { num_tallied?: unknown }).num_tallied
  return tally && typeof numTallied === 'number' ? { tally, numTallied } : null
}

/**
 * Closes every archive of the election: EndBallots, the encrypted tally and the server's own
 * partial decryption (trustee 1, the Single key), all archives or none.
 */
export async function endBallots(
  trx: Tx,
  electionId: string,
  key: SealingKey | null,
): Promise<Result<{ uuid: string; numTallied: number }[], EndError>> {
  if (!key) return err('no_credentials_key')
  const archives = await archivesOfElection(trx, electionId)
  if (archives.length === 0) return err('no_archives')
  const pending: { head: ArchiveHead; blocks: Block[]; uuid: string; numTallied: number }[] = []
  for (const a of archives) {
    const archive = await loadArchive(trx, a.uuid)
    if (!archive) return err('no_archives')
    if (archive.lastType !== 'Setup' && archive.lastType !== 'Ballot') return err('already_ended')
    const serverKeyText = archive.serverKeySealed
      ? unseal(key, serverKeyBinding(a.uuid), archive.serverKeySealed)
      : null
    if (serverKeyText === null || !/^\d{1,700}$/.test(serverKeyText)) return err('unreadable_server_key')
    const ballots = ballotsOf(archive).map((b) => b.ballot)
    const tally = computeEncryptedTally(archive.election, ballots)
    const end = endBallotsEntry(archive.tip)
    const et = encryptedTallyEntry(
      { hash: end.hash, height: end.event.height },
      {
        encryptedTally: tally.json,
        numTallied: tally.sized.numTallied,
        totalWeight: BigInt(tally.sized.totalWeight),
      },
    )
    const pd = computePartialDecryption(archive.election, tally.tally, BigInt(serverKeyText))
    const pdEntry = ownedEntry({ hash: et.hash, height: et.event.height }, 'PartialDecryption', 1, pd.json)
    pending.push({
      uuid: a.uuid,
      head: archive.head,
      blocks: [end, et, pdEntry].flatMap(entryBlocks),
      numTallied: tally.sized.numTallied,
    })
  }
  // Appended only once every archive is ready: all archives end together or none does.
  const out: { uuid: string; numTallied: number }[] = []
  for (const p of pending) {
    const appended = await appendBlocks(trx, p.head, p.blocks)
    if (!appended.ok) return err('changed_meanwhile')
    out.push({ uuid: p.uuid, numTallied: p.numTallied })
  }
  return ok(out)
}

function partialsOf(archive: LoadedArchive): OwnedPartialDecryption[] {
  const out: OwnedPartialDecryption[] = []
  const tally = tallyOf(archive)
  if (!tally) return out
  for (const e of archive.entries) {
    if (e.event.type !== 'PartialDecryption') continue
    const owned = parseOwned(e.blocks[1]!.bytes)
    const pd = parsePartialDecryption(archive.election, tally.tally, fromUtf8(e.blocks[0]!.bytes) ?? '')
    if (owned && pd) out.push({ owner: owned.owner, partialDecryption: pd })
  }
  return out
}

export type PartialDecryptionError =
  | 'no_archive'
  | 'wrong_phase'
  | 'bad_owner'
  | 'duplicate'
  | 'malformed'
  | 'invalid_proof'
  | 'changed_meanwhile'

/**
 * A commission member's partial decryption (as `belenios-tool election decrypt-threshold` prints
 * its first line, or the browser computes it) for trustee `owner` (2 = first member), verified
 * against that member's verification key before it is appended.
 */
export async function addPartialDecryption(
  trx: Tx,
  input: { uuid: string; owner: number; json: string },
): Promise<Result<{ owner: number }, PartialDecryptionError>> {
  const archive = await loadArchive(trx, input.uuid)
  if (!archive) return err('no_archive')
  if (archive.lastType !== 'EncryptedTally' && archive.lastType !== 'PartialDecryption')
    return err('wrong_phase')
  const pedersen = archive.trustees.find((t) => t.kind === 'Pedersen')
  const keys = pedersen && pedersen.kind === 'Pedersen' ? pedersen.parameters.verification_keys : []
  const member = input.owner - 2
  if (!Number.isInteger(input.owner) || member < 0 || member >= keys.length) return err('bad_owner')
  if (partialsOf(archive).some((p) => p.owner === input.owner)) return err('duplicate')
  const tally = tallyOf(archive)
  if (!tally) return err('wrong_phase')
  // Bounded by the tally's size before it is parsed (parsePartialDecryption).
  const pd = parsePartialDecryption(archive.election, tally.tally, input.json)
  if (!pd) return err('malformed')
  if (!verifyPartialDecryption(archive.election, tally.tally, keys[member]!.public_key, pd)) {
    return err('invalid_proof')
  }
  const entry = ownedEntry(archive.tip, 'PartialDecryption', input.owner, serializePartialDecryption(pd))
  const appended = await appendBlocks(trx, archive.head, entryBlocks(entry))
  if (!appended.ok) return err('changed_meanwhile')
  return ok({ owner: input.owner })
}

export type ContestCount = { contestId: string; blank: number; votes: Record<string, number> }

export type FinishError =
  | 'no_archives'
  | 'wrong_phase'
  | 'not_enough_decryptions'
  | 'invalid_decryption'
  | 'count_out_of_range'
  | 'changed_meanwhile'

/** At most this many k-subsets of the members' shares are tried per archive (C(9,5) = 126). */
const MAX_SUBSETS = 512

function* subsetsOf(items: number[], k: number): Generator<number[]> {
  const pick = (start: number, chosen: number[]): Generator<number[]> =>
    (function* () {
      if (chosen.length === k) {
        yield chosen
        return
      }
      for (let i = start; i <= items.length - (k - chosen.length); i++)
        yield* pick(i + 1, [...chosen, items[i]!])
    })()
  yield* pick(0, [])
}

type Combination =
  | { ok: true; factors: bigint[][]; decrypted: { value: number[][]; json: string }; inconsistent: number[] }
  | { ok: false; error: FinishError; inconsistent: number[] }

/**
 * The robust combination (review M1). A Belenios decryption proof hashes only the commitments,
 * not the factor, so a member can publish a factor with a valid proof that is not alpha^share:
 * combined with others it yields counts out of range, and belenios-tool (which combines the first
 * k members by position) cannot say whose share it is. Here: the server's share with every
 * k-subset of the members' verified shares, in order, until one decrypts within range; then every
 * other member's share is tried in place of one of that subset's, and a member whose share changes
 * the factors is named (by owner: 2 = first member).
 */
async function combineRobustly(
  archive: LoadedArchive,
  tally: { tally: EncryptedTally; numTallied: number },
  partials: OwnedPartialDecryption[],
): Promise<Combination> {
  const pedersen = archive.trustees.find((t) => t.kind === 'Pedersen')
  const attempt = async (owners: Set<number>) => {
    // Each attempt checks k + 1 shares' proofs (~0.1–0.5 s): the process's other requests go first.
    await yieldToEventLoop()
    const combined = combineFactors(
      archive.election,
      archive.trustees,
      tally.tally,
      partials.filter((p) => owners.has(p.owner)),
    )
    if (!combined.ok) return combined
    const decrypted = decryptTally(archive.election, tally.tally, combined.factors, tally.numTallied)
    return decrypted.ok ? { ok: true as const, factors: combined.factors, decrypted } : decrypted
  }
  const members = partials.filter((p) => p.owner >= 2).map((p) => p.owner)
  if (!pedersen || pedersen.kind !== 'Pedersen') {
    const only = await attempt(new Set(partials.map((p) => p.owner)))
    return only.ok
      ? { ...only, inconsistent: [] }
      : {
          ok: false,
          error: only.error === 'dlog_out_of_range' ? 'count_out_of_range' : 'invalid_decryption',
          inconsistent: [],
        }
  }
  // Every share's proof is checked by combineFactors: an invalid one is an error of its own.
  await yieldToEventLoop()
  const all = combineFactors(archive.election, archive.trustees, tally.tally, partials)
  if (!all.ok) {
    if (all.error === 'not_enough_partial_decryptions' || all.error === 'missing_partial_decryption')
      return { ok: false, error: 'not_enough_decryptions', inconsistent: [] }
    return { ok: false, error: 'invalid_decryption', inconsistent: 'owner' in all ? [all.owner] : [] }
  }
  const k = pedersen.parameters.threshold
  const sorted = [...members].sort((a, b) => a - b)
  let tried = 0
  for (const subset of subsetsOf(sorted, k)) {
    if (++tried > MAX_SUBSETS) break
    const good = await attempt(new Set([1, ...subset]))
    if (!good.ok) continue
    const inconsistent: number[] = []
    const base = subset.slice(0, -1)
    for (const m of sorted) {
      if (subset.includes(m)) continue
      const other = await attempt(new Set([1, ...base, m]))
      const same = other.ok && other.factors.every((row, i) => row.every((f, j) => f === good.factors[i]![j]))
      if (!same) inconsistent.push(m)
    }
    return { ...good, inconsistent }
  }
  return { ok: false, error: 'count_out_of_range', inconsistent: [] }
}

/**
 * Once every archive has the server's and at least k members' decryptions: appends the Result
 * events, forgets the credentials (ADR 029) and returns per contest the votes per candidacy and
 * the blank votes (for tally.ts's `TallyContest`). All archives or none. The members' shares are
 * combined robustly (`combineRobustly`): one inconsistent share among k + 1 does not block the
 * count; `decryptionReport` names its member.
 */
export async function finishArchives(
  trx: Tx,
  electionId: string,
): Promise<Result<ContestCount[], FinishError>> {
  const archives = await archivesOfElection(trx, electionId)
  if (archives.length === 0) return err('no_archives')
  const pending: { head: ArchiveHead; blocks: Block[] }[] = []
  const counts: ContestCount[] = []
  for (const a of archives) {
    const archive = await loadArchive(trx, a.uuid)
    if (!archive) return err('no_archives')
    if (archive.lastType !== 'PartialDecryption') return err('wrong_phase')
    const tally = tallyOf(archive)
    if (!tally) return err('wrong_phase')
    const combined = await combineRobustly(archive, tally, partialsOf(archive))
    if (!combined.ok) return err(combined.error)
    const decrypted = combined.decrypted
    pending.push({ head: archive.head, blocks: entryBlocks(resultEntry(archive.tip, decrypted.json)) })
    archive.questionsMap.forEach((q, i) => {
      const row = decrypted.value[i]!
      counts.push({
        contestId: q.contestId,
        blank: row[0]!,
        votes: Object.fromEntries(q.answers.map((id, j) => [id, row[j + 1]!])),
      })
    })
  }
  for (const p of pending) {
    const appended = await appendBlocks(trx, p.head, p.blocks)
    if (!appended.ok) return err('changed_meanwhile')
  }
  await forgetCredentials(trx, electionId)
  return ok(counts)
}

export type ArchiveDecryptionReport = {
  uuid: string
  groupKey: string
  /** The hash of the EncryptedTally event's tally (what a member's tool or browser recomputes); null before closing. */
  tallyHash: string | null
  /** Owners (1 = server, 2.. = members) whose partial decryption is in the archive. */
  decryptedBy: number[]
  /** Members' owners whose share is inconsistent with the others' (see combineRobustly). */
  inconsistent: number[]
  /** 'open' (no tally yet), 'waiting' (fewer than k shares or no consistent subset yet), 'ready', 'done'. */
  status: 'open' | 'waiting' | 'ready' | 'done'
}

/** Per archive of the election: who has decrypted, whether the shares combine, who is inconsistent. */
export async function decryptionReport(db: DB | Tx, electionId: string): Promise<ArchiveDecryptionReport[]> {
  const archives = await archivesOfElection(db, electionId)
  const out: ArchiveDecryptionReport[] = []
  for (const a of archives) {
    // While ballots come in there is nothing to decrypt: answered from the head row alone, without
    // reading the archive (review M3: these pages are reloaded during voting).
    const state = await archiveTip(db, a.uuid)
    if (!state) continue
    if (state.lastType === 'Setup' || state.lastType === 'Ballot') {
      out.push({
        uuid: a.uuid,
        groupKey: a.groupKey,
        tallyHash: null,
        decryptedBy: [],
        inconsistent: [],
        status: 'open',
      })
      continue
    }
    // An archive is immutable at a given head: its report is computed once per head, not per page
    // load (a share that breaks the combination costs k-subset searches).
    const cacheKey = `${a.uuid}:${state.head.lastEventHash}`
    const cached = reportCache.get(cacheKey)
    if (cached) {
      out.push(cached)
      continue
    }
    const archive = await loadArchive(db, a.uuid)
    if (!archive) continue
    const report = await reportOf(archive, a)
    if (reportCache.size >= REPORT_CACHE_SIZE) reportCache.clear()
    reportCache.set(cacheKey, report)
    out.push(report)
  }
  return out
}

const REPORT_CACHE_SIZE = 200
const reportCache = new Map<string, ArchiveDecryptionReport>()

async function reportOf(
  archive: LoadedArchive,
  a: { uuid: string; groupKey: string },
): Promise<ArchiveDecryptionReport> {
  const et = archive.entries.find((e) => e.event.type === 'EncryptedTally')
  const tally = tallyOf(archive)
  const base = { uuid: a.uuid, groupKey: a.groupKey, tallyHash: et?.blocks[0]?.hash ?? null }
  if (!tally) return { ...base, decryptedBy: [], inconsistent: [], status: 'open' }
  const partials = partialsOf(archive)
  const decryptedBy = partials.map((p) => p.owner).sort((x, y) => x - y)
  const combined = await combineRobustly(archive, tally, partials)
  return {
    ...base,
    decryptedBy,
    inconsistent: combined.inconsistent,
    status: archive.lastType === 'Result' ? 'done' : combined.ok ? 'ready' : 'waiting',
  }
}

/**
 * Adds the archives' counts to the tally input (which may already hold paper counts, #17): the
 * per-candidacy votes and the blank votes of each contest the archives count.
 */
export function withVerifiableCounts(contests: TallyContest[], counts: ContestCount[]): TallyContest[] {
  return contests.map((contest) => {
    const n = counts.find((c) => c.contestId === contest.id)
    if (!n) return contest
    return {
      ...contest,
      blank: contest.blank + n.blank,
      candidates: contest.candidates.map((k) => ({ ...k, votes: k.votes + (n.votes[k.id] ?? 0) })),
    }
  })
}

/** The `.bel` file of an archive, byte for byte what belenios-tool writes; null if unknown. */
export async function renderArchive(db: DB | Tx, uuid: string): Promise<Uint8Array | null> {
  const head = await archiveHead(db, uuid)
  if (!head) return null
  const row = await db
    .selectFrom('belenios_archives')
    .select('header_timestamp')
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow()
  const entries = blocksToEntries(await archiveBlocks(db, uuid))
  if (!entries) return null
  return encodeArchive({ version: 1, timestamp: row.header_timestamp }, entries)
}

/** What a commission member needs to compute their partial decryption of an archive. */
export async function decryptionInput(
  db: DB | Tx,
  uuid: string,
): Promise<{ election: Election; fingerprint: string; tally: EncryptedTally } | null> {
  const archive = await loadArchive(db, uuid)
  const tally = archive ? tallyOf(archive) : null
  return archive && tally
    ? { election: archive.election, fingerprint: archive.election.fingerprint, tally: tally.tally }
    : null
}

// ---------------------------------------------------------------------------------------------
// The vote path and the staff pages (ADR 034): what a voter's device needs to encrypt, and how far
// the archives are. Added after the pipeline above; they read only the store's tables.

export type EncryptionMaterial = {
  uuid: string
  groupKey: string
  /** The archive's election.json, byte for byte (its first data block). */
  electionJson: string
  questionsMap: QuestionsMap
  /** The voter's PRIVATE credential for this archive (ADR 029): for their device only. */
  credential: string
}

/**
 * What a device needs to encrypt and sign this voter's ballots: per archive of their contest
 * groups, election.json, which answer is which candidacy, and their private credential.
 */
export async function encryptionMaterial(
  db: DB | Tx,
  input: { electionId: string; registrationId: string; key: SealingKey | null },
): Promise<Result<EncryptionMaterial[], 'no_credentials_key' | 'not_on_roll' | 'unreadable_credential'>> {
  const { key } = input
  if (!key) return err('no_credentials_key')
  const mine = await db
    .selectFrom('belenios_credentials as c')
    .innerJoin('belenios_archives as a', 'a.uuid', 'c.archive_uuid')
    .innerJoin('belenios_blocks as b', (j) => j.onRef('b.archive_uuid', '=', 'a.uuid').on('b.seq', '=', 0))
    .select(['a.uuid', 'a.group_key', 'a.questions_map', 'b.content'])
    .where('a.election_id', '=', input.electionId)
    .where('c.registration_id', '=', input.registrationId)
    .orderBy('a.group_key')
    .execute()
  if (mine.length === 0) return err('not_on_roll')
  const out: EncryptionMaterial[] = []
  for (const m of mine) {
    const credential = await credentialOf(db, key, m.uuid, input.registrationId)
    if (!credential.ok) return err('unreadable_credential')
    out.push({
      uuid: m.uuid,
      groupKey: m.group_key,
      electionJson: m.content,
      questionsMap: JSON.parse(m.questions_map) as QuestionsMap,
      credential: credential.value,
    })
  }
  return ok(out)
}

export type ArchiveProgress = {
  uuid: string
  groupKey: string
  /** The last event's type: 'Setup' or 'Ballot' while voting, then the counting events. */
  lastEvent: EventType | null
  ballots: number
  /** Commission members' partial decryptions in (the server's own is not counted). */
  memberDecryptions: number[]
  /** k: member decryptions needed (0 when the archive has no commission trustee). */
  threshold: number
  /** Members of the commission's key (n). */
  members: number
  counted: boolean
}

/**
 * Per archive of an election: ballots so far and, after closing, which commission members have
 * sent their partial decryption (owners 2..n+1) out of the k needed. Reads event headers only.
 */
export async function decryptionProgress(db: DB | Tx, electionId: string): Promise<ArchiveProgress[]> {
  const archives = await db
    .selectFrom('belenios_archives')
    .select(['uuid', 'group_key'])
    .where('election_id', '=', electionId)
    .orderBy('group_key')
    .execute()
  const out: ArchiveProgress[] = []
  for (const a of archives) {
    const rows = await db
      .selectFrom('belenios_blocks')
      .select(['seq', 'kind', 'content'])
      .where('archive_uuid', '=', a.uuid)
      .where((eb) => eb.or([eb('kind', '=', 'event'), eb('seq', '=', 1)]))
      .orderBy('seq')
      .execute()
    let threshold = 0
    let members = 0
    const trusteesRow = rows.find((r) => r.seq === 1 && r.kind === 'data')
    if (trusteesRow) {
      try {
        const trustees = readTrustees(JSON.parse(trusteesRow.content), G) ?? []
        const pedersen = trustees.find((t) => t.kind === 'Pedersen')
        if (pedersen && pedersen.kind === 'Pedersen') {
          threshold = pedersen.parameters.threshold
          members = pedersen.parameters.verification_keys.length
        }
      } catch {
        // An unreadable trustees file: counted as no commission trustee; verification reports it.
      }
    }
    let ballots = 0
    let lastEvent: EventType | null = null
    const eventRows = rows.filter((r) => r.kind === 'event')
    const partialOwners: number[] = []
    // The owner of a PartialDecryption is in its data block just before the event (parseOwned).
    const pdIndexes: number[] = []
    for (const r of eventRows) {
      const event = parseEvent(utf8(r.content))
      if (!event) continue
      lastEvent = event.type
      if (event.type === 'Ballot') ballots++
      if (event.type === 'PartialDecryption') pdIndexes.push(r.seq - 1)
    }
    if (pdIndexes.length > 0) {
      const owned = await db
        .selectFrom('belenios_blocks')
        .select('content')
        .where('archive_uuid', '=', a.uuid)
        .where('seq', 'in', pdIndexes)
        .execute()
      for (const o of owned) {
        const parsed = parseOwned(utf8(o.content))
        if (parsed && parsed.owner >= 2) partialOwners.push(parsed.owner)
      }
    }
    out.push({
      uuid: a.uuid,
      groupKey: a.group_key,
      lastEvent,
      ballots,
      memberDecryptions: partialOwners.sort((x, y) => x - y),
      threshold,
      members,
      counted: lastEvent === 'Result',
    })
  }
  return out
}

/**
 * "Is my ballot in?": a smart ballot tracker (the base64 SHA-256 of the ballot, as shown to the
 * voter) looked up among the Ballot events of the election's archives, by the stored block hash.
 */
export async function trackerInArchives(
  db: DB | Tx,
  input: { electionId: string; tracker: string },
): Promise<'found' | 'not_found' | 'malformed'> {
  // Shown grouped by four (trackers-view.tsx): a fingerprint typed or pasted with its spaces is the same.
  const tracker = input.tracker.replace(/\s/g, '')
  if (!/^[\d+/a-z]{43}$/i.test(tracker)) return 'malformed'
  const hex = Buffer.from(tracker, 'base64').toString('hex')
  if (hex.length !== 64) return 'malformed'
  const archives = await db
    .selectFrom('belenios_archives')
    .select('uuid')
    .where('election_id', '=', input.electionId)
    .execute()
  for (const { uuid } of archives) {
    const blocks = await db
      .selectFrom('belenios_blocks')
      .select('seq')
      .where('archive_uuid', '=', uuid)
      .where('hash', '=', hex)
      .where('kind', '=', 'data')
      .execute()
    for (const { seq } of blocks) {
      const next = await db
        .selectFrom('belenios_blocks')
        .select(['kind', 'content'])
        .where('archive_uuid', '=', uuid)
        .where('seq', '=', seq + 1)
        .executeTakeFirst()
      if (next?.kind === 'event' && parseEvent(utf8(next.content))?.type === 'Ballot') return 'found'
    }
  }
  return 'not_found'
}
