import type { Transaction } from 'kysely'
import type { CandidacyKind, CandidacyStatus, Database, ElectionPhase, Gender } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { isLanguage } from '../i18n/config'
import { originalContent, parseContent, withOriginalText } from '../i18n/content'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { stripImageMetadata } from '../lib/image-metadata'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { deleteUpload, storeUpload, type StoredFile } from '../lib/uploads.server'
import { candidateAgeOk } from '../registration/eligibility'
import { withTypedTranslations } from '../translations/typed-together'
import { insertProofs, proofsOfElection, withStoredProofs, type ProofError } from './candidacy-proofs.server'
import { getElection } from './lifecycle.server'
import { organisationKey } from './organisations'
import { notify } from '../notices/notify.server'
import { canAppeal, canDecide, candidatesPublic, canWithdraw } from './phases'

// Candidacies: applying (who may stand where: expectedShape; in their own subprefecture for a
// Participatory Council),
// the commission's decisions and the appeals, what a candidate may change until voting opens, and
// the published candidate lists.

type Tx = Transaction<Database>

export type CandidacyError =
  | 'wrong_phase'
  | 'deadline_passed'
  | 'not_a_voter'
  | 'wrong_subprefecture'
  | 'wrong_segment'
  | 'too_young'
  | 'already_candidate'
  | 'organisation_taken'
  | 'proof_missing'
  | 'unknown_contest'

/** The person's approved registration in the election's census cycle, with the cycle's age rules. */
async function approvedRegistration(db: DB, userId: string, cycleId: string) {
  return db
    .selectFrom('voter_registrations as r')
    .innerJoin('census_cycles as c', 'c.id', 'r.cycle_id')
    .select([
      'r.full_name',
      'r.social_name',
      'r.gender',
      'r.birth_date',
      'r.subprefecture_id',
      'c.election_day',
      'c.min_voter_age',
      'c.min_candidate_age',
    ])
    .where('r.user_id', '=', userId)
    .where('r.cycle_id', '=', cycleId)
    .where('r.status', '=', 'approved')
    .executeTakeFirst()
}

/** What the application form offers: the contests the person may stand in. Null: no such election. */
export async function candidacyForm(db: DB, input: { electionId: string; userId: string }) {
  const found = await getElection(db, input.electionId)
  if (!found || found.election.phase === 'draft') return null
  const registration = await approvedRegistration(db, input.userId, found.election.cycle_id)
  // A Participatory Council candidate stands in their own subprefecture only.
  const contests = found.contests.filter(
    (c) => c.kind === 'segment' || c.subprefecture_id === registration?.subprefecture_id,
  )
  const { id, title_i18n, phase, body } = found.election
  return { election: { id, title_i18n, phase, body }, contests, isVoter: Boolean(registration) }
}

/** A segment B representative, identified on the candidacy: they need not be on the census. */
export type Representative = {
  fullName: string
  documentType: string
  documentNumber: string
  birthDate: string
  gender: Gender
}

export type Application = {
  userId: string
  electionId: string
  contestId: string
  kind: CandidacyKind
  organisationName?: string
  alternateRepresentative?: string
  /** Segment B only: who represents the organisation (for A and C, the applicant on the census). */
  representative?: Representative
  statement: string
  language: string
  photoKey?: string | null
  /** Stored proof files (organisations); recorded in the candidacy's transaction. */
  proofs?: StoredFile[]
  /** The moment the deadline is compared with (tests set it). */
  now?: Date
}

/**
 * Who may stand where (issue #17). A CMI segment decides the kind: A (immigrant collectives and
 * associations) and B (organisations supporting immigrants) elect organisations, C individuals; a
 * Participatory Council elects individuals. A and C applicants — for A the organisation's
 * representative — must be on the election's census; a B representative need not be (they may be
 * Brazilian) and is identified on the candidacy instead. Everyone who stands is of candidate age
 * on election day (the cycle's `min_candidate_age`).
 */
function expectedShape(contest: { kind: string; segment: string | null }) {
  if (contest.kind !== 'segment' || contest.segment === 'C') return { kind: 'person', census: true } as const
  return { kind: 'organisation', census: contest.segment === 'A' } as const
}

async function cycleRules(db: DB, cycleId: string) {
  return db
    .selectFrom('census_cycles')
    .select(['election_day', 'min_voter_age', 'min_candidate_age'])
    .where('id', '=', cycleId)
    .executeTakeFirstOrThrow()
}

export async function applyForCandidacy(
  db: DB,
  input: Application,
): Promise<Result<{ id: string }, CandidacyError>> {
  const now = input.now ?? new Date()
  const found = await getElection(db, input.electionId)
  if (!found) return err('wrong_phase')
  const { election, contests } = found
  if (election.phase !== 'candidacy_open') return err('wrong_phase')
  if (election.candidacy_deadline && now.toISOString() > election.candidacy_deadline)
    return err('deadline_passed')
  const contest = contests.find((c) => c.id === input.contestId)
  if (!contest) return err('unknown_contest', 'contestId')
  const shape = expectedShape(contest)
  if (input.kind !== shape.kind || Boolean(input.representative) === shape.census)
    return err('wrong_segment', 'kind')
  const organisation = input.kind === 'organisation'
  if (organisation && !input.proofs?.length) return err('proof_missing', 'proof')

  const registration = await approvedRegistration(db, input.userId, election.cycle_id)
  let person: { name: string; gender: Gender; birthDate: string }
  if (input.representative) {
    person = {
      name: input.representative.fullName,
      gender: input.representative.gender,
      birthDate: input.representative.birthDate,
    }
    const rules = await cycleRules(db, election.cycle_id)
    const ageRules = {
      electionDay: rules.election_day,
      minVoterAge: rules.min_voter_age,
      minCandidateAge: rules.min_candidate_age,
    }
    if (!candidateAgeOk(person.birthDate, ageRules)) return err('too_young', 'representativeBirthDate')
  } else {
    if (!registration || !registration.birth_date) return err('not_a_voter')
    if (contest.kind === 'subprefecture' && registration.subprefecture_id !== contest.subprefecture_id)
      return err('wrong_subprefecture', 'contestId')
    const rules = {
      electionDay: registration.election_day,
      minVoterAge: registration.min_voter_age,
      minCandidateAge: registration.min_candidate_age,
    }
    if (!candidateAgeOk(registration.birth_date, rules)) return err('too_young')
    person = {
      name: registration.social_name ?? registration.full_name,
      gender: registration.gender,
      birthDate: registration.birth_date,
    }
  }
  const organisationName = organisation ? (input.organisationName ?? '').trim() : ''
  const organisationKeyOf = organisationName ? organisationKey(organisationName) : null
  const id = newId()
  const at = now.toISOString()
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('candidacies')
        .values({
          id,
          election_id: election.id,
          contest_id: contest.id,
          user_id: input.userId,
          kind: input.kind,
          // An organisation is shown by its name with its representative's (`display_name`).
          display_name: person.name,
          organisation_name: organisation ? organisationName || null : null,
          organisation_key: organisationKeyOf,
          representative_name: organisation ? person.name : null,
          alternate_representative_name: organisation ? (input.alternateRepresentative ?? null) : null,
          representative_document_type: input.representative?.documentType ?? null,
          representative_document_number: input.representative?.documentNumber ?? null,
          // Parity counts the person who would sit: for an organisation, its representative.
          gender: person.gender,
          birth_date: person.birthDate,
          // The statement's original is the language the candidate wrote in (ADR 027).
          statement_i18n: originalContent(
            input.statement,
            isLanguage(input.language) ? input.language : undefined,
          ),
          photo_key: input.photoKey ?? null,
          status: 'submitted',
          created_at: at,
          updated_at: at,
        })
        .execute()
      await insertProofs(trx, id, input.proofs ?? [], at)
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const sameOrganisation =
      organisationKeyOf &&
      (await db
        .selectFrom('candidacies')
        .select('id')
        .where('election_id', '=', election.id)
        .where('organisation_key', '=', organisationKeyOf)
        .executeTakeFirst())
    return sameOrganisation ? err('organisation_taken', 'organisationName') : err('already_candidate')
  }
  return ok({ id })
}

/**
 * An application sent with the form's optional photo and its proof files: the photo must be an
 * image, the proofs PDF/JPEG/PNG; they are stored first and removed again when the application is
 * refused, so no orphan file stays behind.
 */
export async function applyWithFiles(
  db: DB,
  input: Omit<Application, 'photoKey' | 'proofs'> & {
    photo: FormDataEntryValue | null
    proofs: FormDataEntryValue[]
  },
): Promise<Result<{ id: string }, CandidacyError | ProofError | 'photo_type'>> {
  const { photo: sent, proofs, ...application } = input
  // A candidate's photo is published: its EXIF (GPS position, camera serial), XMP, IPTC and comments
  // are removed before it is stored, and an image that does not parse is refused.
  let photo = sent
  if (sent instanceof File && sent.size > 0) {
    const clean = stripImageMetadata(new Uint8Array(await sent.arrayBuffer()))
    if (!clean.ok) return err('photo_type', 'photo')
    photo = new File([clean.bytes as Uint8Array<ArrayBuffer>], 'photo', { type: clean.mime })
  }
  const stored = await storeUpload(photo, 'candidate-photos')
  if (!stored.ok) return err(stored.error, 'photo')
  if (stored.file && !stored.file.mime.startsWith('image/')) {
    await deleteUpload(stored.file.key)
    return err('photo_type', 'photo')
  }
  // A person's candidacy carries no proofs: files sent with it are not kept.
  const sentProofs = application.kind === 'organisation' ? proofs : []
  const result = await withStoredProofs(sentProofs, (files) =>
    applyForCandidacy(db, { ...application, photoKey: stored.file?.key ?? null, proofs: files }),
  )
  if (!result.ok && stored.file) await deleteUpload(stored.file.key)
  return result
}

export async function decideCandidacy(
  db: DB,
  input: {
    actorUserId: string
    candidacyId: string
    accept: boolean
    reason?: string
    /** The moment of the decision, from which the appeal window counts (tests set it). */
    now?: Date
  },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'already_decided'>> {
  const now = input.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('candidacies')
      .innerJoin('elections', 'elections.id', 'candidacies.election_id')
      .select([
        'candidacies.status',
        'candidacies.user_id',
        'elections.phase',
        'elections.id as election_id',
        'elections.title_i18n',
        'elections.candidacy_appeal_days',
      ])
      .where('candidacies.id', '=', input.candidacyId)
      .executeTakeFirst()
    if (!row) return err('not_found')
    if (!canDecide(row.phase, row.status))
      // A decided candidacy in a phase where the commission decides: another member was first (two
      // at once, or a stale page) — say so rather than "wrong phase".
      return err(
        (row.phase === 'review' || row.phase === 'appeals') &&
          (row.status === 'accepted' || row.status === 'rejected')
          ? 'already_decided'
          : 'wrong_phase',
      )
    const status = input.accept ? 'accepted' : 'rejected'
    const appeal = row.status === 'appealed'
    // A first rejection opens the appeal window; a dismissed appeal does not open another.
    const deadline =
      !input.accept && !appeal ? appealDeadline(now, row.candidacy_appeal_days).toISOString() : null
    const updated = await trx
      .updateTable('candidacies')
      .set({
        status,
        decision_reason: input.accept ? null : (input.reason ?? null),
        ...(appeal ? {} : { appeal_deadline: deadline }),
        updated_at: now.toISOString(),
      })
      .where('id', '=', input.candidacyId)
      .where('status', '=', row.status)
      .executeTakeFirst()
    // Someone decided in between (the status changed): this decision is refused, not audited.
    if (Number(updated.numUpdatedRows) !== 1) return err('already_decided')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: `candidacy.${status}`,
      entityType: 'candidacy',
      entityId: input.candidacyId,
      before: { status: row.status },
      after: { status, reason: input.reason, ...(deadline ? { appealDeadline: deadline } : {}) },
    })
    // The candidate learns it in the same transaction as the decision (it commits with it, or not
    // at all): a rejection with the date until which they may appeal; an appeal decided, with its
    // outcome. Rendering cannot fail the decision: a text missing in the person's language falls
    // back to Portuguese (i18next fallbackLng), and nothing else in it can throw (ADR 024).
    if (row.user_id)
      await notify(trx, {
        userId: row.user_id,
        template: appeal
          ? input.accept
            ? 'appeal_upheld'
            : 'appeal_dismissed'
          : input.accept
            ? 'candidacy_accepted'
            : 'candidacy_rejected',
        params: {
          election: { i18n: row.title_i18n },
          ...(deadline ? { deadline: { date: deadline } } : {}),
        },
        link: `/elections/${row.election_id}#my-candidacy`,
      })
    return ok(null)
  })
}

/**
 * Until when a rejected candidate may appeal: the election's `candidacy_appeal_days` from being
 * told (10 by default: the general term of an administrative appeal, Lei 9.784/1999, art. 59).
 * The deadline is fixed on the candidacy at the rejection: the date the notice gave is the date
 * that holds (ADR 024).
 */
export const DEFAULT_APPEAL_DAYS = 10
export function appealDeadline(decidedAt: Date, days: number = DEFAULT_APPEAL_DAYS): Date {
  return new Date(decidedAt.getTime() + days * 86_400_000)
}

/** The person's own candidacy with its election's phase; null when it is not theirs. */
async function ownCandidacy(db: DB | Tx, userId: string, candidacyId: string) {
  return (
    (await db
      .selectFrom('candidacies')
      .innerJoin('elections', 'elections.id', 'candidacies.election_id')
      .select([
        'candidacies.status',
        'candidacies.statement_i18n',
        'candidacies.appeal_deadline',
        'candidacies.appeal_text',
        'elections.phase',
      ])
      .where('candidacies.id', '=', candidacyId)
      .where('candidacies.user_id', '=', userId)
      .executeTakeFirst()) ?? null
  )
}

/** Changes the status only if nobody changed it meanwhile (a withdrawal racing an appeal). */
async function moveCandidacy(
  db: DB,
  candidacyId: string,
  from: CandidacyStatus,
  set: { status: CandidacyStatus; appeal_text?: string },
): Promise<Result<null, 'wrong_phase'>> {
  const moved = await db
    .updateTable('candidacies')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', candidacyId)
    .where('status', '=', from)
    .executeTakeFirst()
  return Number(moved.numUpdatedRows) === 1 ? ok(null) : err('wrong_phase')
}

export async function appealCandidacy(
  db: DB,
  input: {
    userId: string
    candidacyId: string
    text: string
    /** The moment compared with the appeal deadline (tests set it). */
    now?: Date
  },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'appeal_window_closed'>> {
  const row = await ownCandidacy(db, input.userId, input.candidacyId)
  if (!row) return err('not_found')
  if (!appealOpen(row, input.now ?? new Date())) {
    const expired =
      row.status === 'rejected' && row.appeal_text === null && canAppeal(row.phase, row.appeal_deadline)
    return err(expired ? 'appeal_window_closed' : 'wrong_phase')
  }
  return moveCandidacy(db, input.candidacyId, row.status, { status: 'appealed', appeal_text: input.text })
}

/**
 * Whether this candidacy may be appealed now: rejected, in a phase that takes appeals, and not past
 * the deadline its rejection notice gave. The candidate's page asks the same question.
 */
export function appealOpen(
  c: {
    status: CandidacyStatus
    phase: ElectionPhase
    appeal_deadline: string | null
    appeal_text: string | null
  },
  now: Date,
): boolean {
  // One appeal per rejection: a dismissed appeal leaves the candidacy rejected with its appeal text.
  if (c.status !== 'rejected' || c.appeal_text !== null || !canAppeal(c.phase, c.appeal_deadline))
    return false
  return !c.appeal_deadline || now.toISOString() <= c.appeal_deadline
}

export async function withdrawCandidacy(
  db: DB,
  input: { userId: string; candidacyId: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  const row = await ownCandidacy(db, input.userId, input.candidacyId)
  if (!row) return err('not_found')
  if (!canWithdraw(row.phase) || row.status === 'withdrawn') return err('wrong_phase')
  return moveCandidacy(db, input.candidacyId, row.status, { status: 'withdrawn' })
}

export async function candidaciesOfUser(db: DB, input: { userId: string; electionId: string }) {
  return db
    .selectFrom('candidacies')
    .selectAll()
    .where('user_id', '=', input.userId)
    .where('election_id', '=', input.electionId)
    .execute()
}

/**
 * A candidate adds their statement in another language (until voting opens), or rewrites it in the
 * language they wrote it in. Through the content model (ADR 027): their translation records the
 * statement it was made from, and rewriting the original marks the translations made before as
 * outdated (voters see so, with the current original one click away). The write is a
 * compare-and-set on the column, retried, so a translator's publication at the same moment is kept.
 */
export async function translateStatement(
  db: DB,
  input: { userId: string; candidacyId: string; language: string; text: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  if (!isLanguage(input.language)) return err('not_found')
  const language = input.language
  for (let attempt = 0; ; attempt++) {
    const row = await ownCandidacy(db, input.userId, input.candidacyId)
    if (!row) return err('not_found')
    if (!canWithdraw(row.phase) || row.status === 'withdrawn') return err('wrong_phase')
    const before = row.statement_i18n
    const statement =
      language === parseContent(before).original
        ? withOriginalText(before, input.text)
        : withTypedTranslations(before, { [language]: input.text })
    const updated = await db
      .updateTable('candidacies')
      .set({ statement_i18n: statement, updated_at: nowIso() })
      .where('id', '=', input.candidacyId)
      .where('statement_i18n', '=', before)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 1) return ok(null)
    // Five publications in a row between our read and write: not a race people can cause.
    if (attempt >= 4) throw new Error('candidacy statement kept changing')
  }
}

/** An organisation names (or changes) the person who represents it, until the election closes. */
export async function nameRepresentative(
  db: DB,
  input: { userId: string; candidacyId: string; name: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  const row = await db
    .selectFrom('candidacies')
    .innerJoin('elections', 'elections.id', 'candidacies.election_id')
    .select(['candidacies.kind', 'candidacies.status', 'elections.phase'])
    .where('candidacies.id', '=', input.candidacyId)
    .where('candidacies.user_id', '=', input.userId)
    .executeTakeFirst()
  if (!row || row.kind !== 'organisation') return err('not_found')
  if (row.phase === 'closed' || row.status === 'withdrawn' || row.status === 'rejected')
    return err('wrong_phase')
  await db
    .updateTable('candidacies')
    .set({ representative_name: input.name, updated_at: nowIso() })
    .where('id', '=', input.candidacyId)
    .execute()
  return ok(null)
}

/** The commission's review list: every candidacy of the election with its contest and its proofs. */
export async function candidaciesForReview(db: DB, electionId: string) {
  const [rows, proofs] = await Promise.all([
    db
      .selectFrom('candidacies as c')
      .innerJoin('contests as k', 'k.id', 'c.contest_id')
      .leftJoin('subprefectures as s', 's.id', 'k.subprefecture_id')
      .select([
        'c.id',
        'c.display_name',
        'c.organisation_name',
        'c.alternate_representative_name',
        'c.representative_document_type',
        'c.representative_document_number',
        'c.birth_date',
        'c.kind',
        'c.gender',
        'c.status',
        'c.decision_reason',
        'c.appeal_text',
        'c.appeal_deadline',
        'c.statement_i18n',
        'k.kind as contest_kind',
        'k.segment',
        's.name as subprefecture',
      ])
      .where('c.election_id', '=', electionId)
      .orderBy('k.position')
      .orderBy('c.display_name')
      .execute(),
    proofsOfElection(db, electionId),
  ])
  return rows.map((c) => ({ ...c, proofs: proofs.get(c.id) ?? [] }))
}

/** The storage key of a candidate's photo, once it is public: candidacy accepted and list published. */
export async function publicCandidatePhoto(db: DB, candidacyId: string): Promise<string | null> {
  const row = await db
    .selectFrom('candidacies')
    .innerJoin('elections', 'elections.id', 'candidacies.election_id')
    .select(['candidacies.photo_key', 'candidacies.status', 'elections.phase'])
    .where('candidacies.id', '=', candidacyId)
    .executeTakeFirst()
  if (!row?.photo_key || row.status !== 'accepted' || !candidatesPublic(row.phase)) return null
  return row.photo_key
}

/** A contest's published candidate list (accepted candidacies, from the provisional list on), or null. */
export async function publishedContest(db: DB, input: { electionId: string; contestId: string }) {
  const found = await getElection(db, input.electionId)
  const contest = found?.contests.find((c) => c.id === input.contestId)
  if (!found || !contest || !candidatesPublic(found.election.phase)) return null
  const candidates = await db
    .selectFrom('candidacies')
    .select([
      'id',
      'display_name',
      'organisation_name',
      'representative_name',
      'kind',
      'statement_i18n',
      'photo_key',
    ])
    .where('contest_id', '=', contest.id)
    .where('status', '=', 'accepted')
    .orderBy('display_name')
    .execute()
  return {
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    contest,
    // The storage key stays on the server; the page only needs to know there is a photo.
    candidates: candidates.map(({ photo_key, ...c }) => ({ ...c, hasPhoto: Boolean(photo_key) })),
  }
}
