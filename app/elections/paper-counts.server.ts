import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { differingLines, expectedLines, lineKey, readCount, type CountedLine } from './paper-count'

// Paper ballots (issue #17). Where a place votes on paper, its count (votes per candidacy of each
// contest it votes in, blank, void) is typed by two different members of the electoral commission
// after voting closed and before the count. The first typing is kept as it is; the second must
// match it exactly, or it is refused with the lines that differ — never the first typing's
// numbers, so the second person cannot copy them. A match confirms the place's count, and only
// confirmed counts reach the result (counting.server.ts adds them to the ballots' count).
//
// Storage: entry seq 1 is the first typing; seq 2 is written only when it matched, so "seq 2
// exists" means "confirmed". The key (place, seq) lets exactly one second typing in however many
// arrive at once; (place, entered_by) keeps one person from typing both.

type Tx = Transaction<Database>

/** The contests a place votes in: every CMI segment; a CPM place only its subprefectures'. */
async function placeContests(db: DB | Tx, place: { id: string; election_id: string }) {
  const served = (
    await db
      .selectFrom('polling_place_subprefectures')
      .select('subprefecture_id')
      .where('polling_place_id', '=', place.id)
      .execute()
  ).map((s) => s.subprefecture_id)
  const contests = (
    await db
      .selectFrom('contests')
      .leftJoin('subprefectures', 'subprefectures.id', 'contests.subprefecture_id')
      .select([
        'contests.id',
        'contests.kind',
        'contests.segment',
        'contests.subprefecture_id',
        'subprefectures.name as subprefecture',
      ])
      .where('contests.election_id', '=', place.election_id)
      .orderBy('contests.position')
      .execute()
  ).filter(
    (c) => c.kind === 'segment' || (c.subprefecture_id !== null && served.includes(c.subprefecture_id)),
  )
  const candidates = contests.length
    ? await db
        .selectFrom('candidacies')
        .select(['id', 'contest_id', 'display_name', 'organisation_name'])
        .where(
          'contest_id',
          'in',
          contests.map((c) => c.id),
        )
        .where('status', '=', 'accepted')
        .orderBy('display_name')
        .orderBy('id')
        .execute()
    : []
  return contests.map((c) => ({
    ...c,
    candidates: candidates
      .filter((x) => x.contest_id === c.id)
      .map((x) => ({ id: x.id, name: x.organisation_name ?? x.display_name })),
  }))
}

async function paperPlace(db: DB | Tx, input: { electionId: string; placeId: string }) {
  return db
    .selectFrom('polling_places')
    .select(['id', 'election_id', 'name', 'address', 'text_language', 'method'])
    .where('id', '=', input.placeId)
    .where('election_id', '=', input.electionId)
    .executeTakeFirst()
}

async function entryLines(db: DB | Tx, placeId: string, seq: number): Promise<CountedLine[]> {
  return (
    await db
      .selectFrom('paper_count_lines')
      .select(['contest_id', 'choice', 'candidacy_id', 'votes'])
      .where('polling_place_id', '=', placeId)
      .where('seq', '=', seq)
      .execute()
  ).map((l) => ({ contestId: l.contest_id, choice: l.choice, candidacyId: l.candidacy_id, votes: l.votes }))
}

/** What the entry page shows one commission member: the lines to type and the place's state. */
export async function paperCountForm(db: DB, input: { electionId: string; placeId: string; userId: string }) {
  const place = await paperPlace(db, input)
  if (!place || place.method !== 'paper') return null
  const election = await db
    .selectFrom('elections')
    .select(['id', 'phase', 'title_i18n'])
    .where('id', '=', input.electionId)
    .executeTakeFirstOrThrow()
  const entries = await db
    .selectFrom('paper_count_entries as e')
    .innerJoin('users as u', 'u.id', 'e.entered_by')
    .select(['e.seq', 'e.entered_by', 'e.entered_at', 'u.display_name'])
    .where('e.polling_place_id', '=', place.id)
    .orderBy('e.seq')
    .execute()
  const first = entries.find((e) => e.seq === 1)
  const second = entries.find((e) => e.seq === 2)
  return {
    election,
    place,
    contests: await placeContests(db, place),
    first: first
      ? { by: first.display_name, at: first.entered_at, mine: first.entered_by === input.userId }
      : null,
    confirmed: second ? { by: second.display_name, at: second.entered_at } : null,
  }
}

export type PaperCountError =
  | 'not_found'
  | 'not_paper'
  | 'wrong_phase'
  | 'invalid_paper_count'
  | 'paper_count_mismatch'
  | 'same_person'
  | 'already_confirmed'
  | 'entry_conflict'

type EntryOutcome = Result<{ state: 'first' | 'confirmed' }, PaperCountError> & {
  details?: { lines: Record<string, string> }
}

/**
 * One commission member types a paper place's count (`counts`: line key → the number typed).
 * Only while voting is closed and the count not yet made.
 */
export async function enterPaperCount(
  db: DB,
  input: { actorUserId: string; electionId: string; placeId: string; counts: Record<string, string> },
): Promise<EntryOutcome> {
  try {
    return await db.transaction().execute(async (trx): Promise<EntryOutcome> => {
      const place = await paperPlace(trx, input)
      if (!place) return err('not_found')
      if (place.method !== 'paper') return err('not_paper')
      const election = await trx
        .selectFrom('elections')
        .select('phase')
        .where('id', '=', input.electionId)
        .executeTakeFirstOrThrow()
      if (election.phase !== 'voting_closed') return err('wrong_phase')
      const read = readCount(input.counts, expectedLines(await placeContests(trx, place)))
      if (!read.ok) return { ...err('invalid_paper_count'), details: { lines: read.problems } }
      const entries = await trx
        .selectFrom('paper_count_entries')
        .select(['seq', 'entered_by'])
        .where('polling_place_id', '=', place.id)
        .execute()
      if (entries.some((e) => e.seq === 2)) return err('already_confirmed')
      const first = entries.find((e) => e.seq === 1)
      if (first?.entered_by === input.actorUserId) return err('same_person')
      if (first) {
        const differing = differingLines(await entryLines(trx, place.id, 1), read.lines)
        if (differing.length) {
          // Which lines differ, never the first typing's numbers; the first typing stays.
          await appendAudit(trx, {
            actorUserId: input.actorUserId,
            action: 'election.paperCount.mismatch',
            entityType: 'polling_place',
            entityId: place.id,
            after: { electionId: input.electionId, differingLines: differing.length },
          })
          return {
            ...err('paper_count_mismatch'),
            details: { lines: Object.fromEntries(differing.map((k) => [k, 'paper_line_differs'])) },
          }
        }
      }
      const seq = first ? 2 : 1
      await trx
        .insertInto('paper_count_entries')
        .values({ polling_place_id: place.id, seq, entered_by: input.actorUserId, entered_at: nowIso() })
        .execute()
      await trx
        .insertInto('paper_count_lines')
        .values(
          read.lines.map((l) => ({
            polling_place_id: place.id,
            seq,
            contest_id: l.contestId,
            choice: l.choice,
            candidacy_id: l.candidacyId,
            votes: l.votes,
          })),
        )
        .execute()
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: seq === 1 ? 'election.paperCount.first' : 'election.paperCount.confirm',
        entityType: 'polling_place',
        entityId: place.id,
        // The confirmed count is public (it is published with the result); the first typing is not
        // logged, so the log cannot show it to the second person either.
        after:
          seq === 1
            ? { electionId: input.electionId }
            : {
                electionId: input.electionId,
                lines: Object.fromEntries(read.lines.map((l) => [lineKey(l), l.votes])),
              },
      })
      return ok({ state: seq === 1 ? ('first' as const) : ('confirmed' as const) })
    })
  } catch (error) {
    // Another typing of this place got in first (two second typings at once, or one person's
    // double post): the loser changes nothing.
    if (!isUniqueViolation(error)) throw error
    const confirmed = await db
      .selectFrom('paper_count_entries')
      .select('seq')
      .where('polling_place_id', '=', input.placeId)
      .where('seq', '=', 2)
      .executeTakeFirst()
    return err(confirmed ? 'already_confirmed' : 'entry_conflict')
  }
}

/**
 * A wrong first typing would block the place for good: a commission member other than the one who
 * typed it may discard it (audited) before it is confirmed; the place is then typed afresh.
 */
export async function discardFirstEntry(
  db: DB,
  input: { actorUserId: string; electionId: string; placeId: string },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'already_confirmed' | 'same_person'>> {
  return db.transaction().execute(async (trx) => {
    const place = await paperPlace(trx, input)
    if (!place) return err('not_found')
    const election = await trx
      .selectFrom('elections')
      .select('phase')
      .where('id', '=', input.electionId)
      .executeTakeFirstOrThrow()
    if (election.phase !== 'voting_closed') return err('wrong_phase')
    const entries = await trx
      .selectFrom('paper_count_entries')
      .select(['seq', 'entered_by'])
      .where('polling_place_id', '=', place.id)
      .execute()
    if (entries.some((e) => e.seq === 2)) return err('already_confirmed')
    const first = entries.find((e) => e.seq === 1)
    if (!first) return err('not_found')
    if (first.entered_by === input.actorUserId) return err('same_person')
    await trx.deleteFrom('paper_count_entries').where('polling_place_id', '=', place.id).execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.paperCount.discard',
      entityType: 'polling_place',
      entityId: place.id,
      before: { electionId: input.electionId, enteredBy: first.entered_by },
    })
    return ok(null)
  })
}

/** Paper places of the election whose count is not confirmed yet: the count waits for them. */
export async function unconfirmedPaperPlaces(db: DB | Tx, electionId: string): Promise<number> {
  const rows = await db
    .selectFrom('polling_places as p')
    .leftJoin('paper_count_entries as e', (j) =>
      j.onRef('e.polling_place_id', '=', 'p.id').on('e.seq', '=', 2),
    )
    .select('p.id')
    .where('p.election_id', '=', electionId)
    .where('p.method', '=', 'paper')
    .where('e.seq', 'is', null)
    .execute()
  return rows.length
}

export type ConfirmedPaperCount = {
  placeId: string
  name: string
  address: string
  textLanguage: string
  confirmedAt: string
  lines: CountedLine[]
}

/** Every confirmed paper count of the election, per place (the result adds them; the board and results.json publish them). */
export async function confirmedPaperCounts(db: DB | Tx, electionId: string): Promise<ConfirmedPaperCount[]> {
  const places = await db
    .selectFrom('polling_places as p')
    .innerJoin('paper_count_entries as e', (j) =>
      j.onRef('e.polling_place_id', '=', 'p.id').on('e.seq', '=', 2),
    )
    .select(['p.id', 'p.name', 'p.address', 'p.text_language', 'e.entered_at'])
    .where('p.election_id', '=', electionId)
    .where('p.method', '=', 'paper')
    .orderBy('p.name')
    .orderBy('p.id')
    .execute()
  if (places.length === 0) return []
  const lines = await db
    .selectFrom('paper_count_lines')
    .select(['polling_place_id', 'contest_id', 'choice', 'candidacy_id', 'votes'])
    .where(
      'polling_place_id',
      'in',
      places.map((p) => p.id),
    )
    .where('seq', '=', 2)
    .execute()
  return places.map((p) => ({
    placeId: p.id,
    name: p.name,
    address: p.address,
    textLanguage: p.text_language,
    confirmedAt: p.entered_at,
    lines: lines
      .filter((l) => l.polling_place_id === p.id)
      .map((l) => ({
        contestId: l.contest_id,
        choice: l.choice,
        candidacyId: l.candidacy_id,
        votes: l.votes,
      }))
      .sort((a, b) => lineKey(a).localeCompare(lineKey(b))),
  }))
}
