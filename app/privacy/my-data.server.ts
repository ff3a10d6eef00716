import { appendAudit } from '../audit/audit.server'
import { recheckPassword } from '../auth/accounts.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { ok, type Result } from '../lib/result'
import { councilWorkOfUser, eraseCouncilWorkOfUser } from '../council/privacy.server'
import { conferenceDataOfUser, eraseConferenceDataOfUser } from '../conference/privacy.server'
import { consultationDataOfUser, eraseConsultationDataOfUser } from '../consultations/privacy.server'
import {
  eraseNoticeDeliveriesOfUser,
  eraseNoticePreferencesOfUser,
  noticePreferencesOfUser,
} from '../notices/preferences.server'
import { eraseNoticeRunDeliveriesOfUser, noticeRunDeliveriesOfUser } from '../notices/runs.server'
import {
  candidaciesForExport,
  eraseCandidaciesOfUser,
  participationOfUser,
} from '../elections/privacy.server'
import { eraseTranslationDataOfUser, translationDataOfUser } from '../translations/translators.server'
import { eraseTrusteeDataOfUser, trusteeDataOfUser } from '../elections/trustees.server'
import { easyReadReviewsOfUser, eraseEasyReadReviewsOfUser } from '../easyread/reviews.server'
import {
  eraseRegistrationsOfUser,
  registrationDraftOfUser,
  registrationsOfUser,
} from '../registration/privacy.server'

// LGPD Art. 18: a person can see and take away everything held about them, and ask for erasure.
// Each feature adds its own section here as it lands, so nothing personal is left out.
export async function exportMyData(db: DB, userId: string) {
  const user = await db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'phone',
      'display_name',
      'preferred_language',
      'created_at',
      'password_changed_at',
    ])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const addresses = [user.email, user.phone].filter((a): a is string => Boolean(a))
  const [roles, consents, sessions, messages, erasureRequests, voterRegistrations] = await Promise.all([
    db.selectFrom('user_roles').select(['role', 'granted_at']).where('user_id', '=', userId).execute(),
    db
      .selectFrom('consents')
      .select(['purpose', 'legal_basis', 'text_version', 'given_at', 'withdrawn_at'])
      .where('user_id', '=', userId)
      .execute(),
    db.selectFrom('sessions').select(['created_at', 'expires_at']).where('user_id', '=', userId).execute(),
    addresses.length
      ? db
          .selectFrom('outbox')
          .select([
            'to_address',
            'channel',
            'status',
            'subject',
            'body',
            'created_at',
            'sent_at',
            'delivery_status',
            'delivered_at',
          ])
          .where('to_address', 'in', addresses)
          .execute()
      : [],
    db
      .selectFrom('erasure_requests')
      .select(['requested_at', 'completed_at', 'kept_note'])
      .where('user_id', '=', userId)
      .execute(),
    registrationsOfUser(db, userId),
  ])
  const registrationDraft = await registrationDraftOfUser(db, userId)
  const candidacies = await candidaciesForExport(db, userId)
  const electionParticipation = await participationOfUser(db, userId)
  const conference = await conferenceDataOfUser(db, userId)
  const consultations = await consultationDataOfUser(db, userId)
  const noticePreferences = await noticePreferencesOfUser(db, userId)
  const noticesAboutSubjects = await noticeRunDeliveriesOfUser(db, userId)
  const councilMemberships = await db
    .selectFrom('body_members')
    .select(['body_id', 'display_name', 'sector', 'segment', 'role', 'term_starts', 'term_ends'])
    .where('user_id', '=', userId)
    .execute()
  // Poll work (#16.13): the elections the person was named for, and how many in-person marks they
  // made in each — a count only: whose marks they were is other people's data.
  const pollWork = {
    named: await db
      .selectFrom('election_poll_workers')
      .select(['election_id', 'named_at'])
      .where('user_id', '=', userId)
      .execute(),
    in_person_marks_made: (
      await db
        .selectFrom('in_person_marks')
        .select(['election_id', (eb) => eb.fn.countAll<string | number>().as('marks')])
        .where('worker_id', '=', userId)
        .groupBy('election_id')
        .execute()
    ).map((row) => ({ election_id: row.election_id, marks: Number(row.marks) })),
  }
  const planMonitoring = {
    bodies: await db
      .selectFrom('plan_body_staff as s')
      .innerJoin('plan_bodies as b', 'b.id', 's.body_id')
      .select(['b.code'])
      .where('s.user_id', '=', userId)
      .execute(),
    updates_submitted: await db
      .selectFrom('indicator_updates')
      .select(['indicator_id', 'reference_date', 'value', 'status', 'evidence', 'review', 'submitted_at'])
      .where('submitted_by', '=', userId)
      .execute(),
  }
  return {
    exported_at: nowIso(),
    controller: 'Prefeitura de São Paulo — SMDHC (Mutirão)',
    account: user,
    roles,
    consents,
    sessions,
    messages_sent_to_you: messages,
    erasure_requests: erasureRequests,
    voter_registrations: voterRegistrations,
    voter_registration_draft: registrationDraft,
    candidacies,
    election_participation: electionParticipation,
    conference,
    consultations,
    poll_work: pollWork,
    plan_monitoring: planMonitoring,
    council_memberships: councilMemberships,
    council_work: await councilWorkOfUser(db, userId),
    notice_preferences: noticePreferences,
    notices_about_subjects: noticesAboutSubjects,
    // Issue #19: the languages a translator works in, their submissions and their reviews.
    translations: await translationDataOfUser(db, userId),
    // Issue #19 (ADR 026 "Review"): the easy-read guides they checked as a second reader.
    easy_read_reviews: await easyReadReviewsOfUser(db, userId),
    // Issue #20: the trustee ceremonies they were a member of (public messages are the election's).
    trustee_ceremonies: await trusteeDataOfUser(db, userId),
  }
}

export type ErasureOutcome = { kept: string[] }

/** The person's own request: erasure cannot be undone, so a borrowed, signed-in phone must not allow it. */
export async function eraseOwnAccount(
  db: DB,
  input: { userId: string; password: string },
): Promise<
  | Result<ErasureOutcome, 'wrong_password'>
  | { ok: false; error: 'too_many_attempts'; field?: string; retryAfterSeconds: number }
> {
  // Throttled per person: a stolen session must not allow unlimited guessing of the password.
  const checked = await recheckPassword(db, { ...input, field: 'password' })
  if (!checked.ok) return checked
  return ok(await eraseAccount(db, input.userId))
}

/**
 * Erases the account now: identifiers, name and password are removed, sessions and consents
 * deleted. The row itself stays (pseudonymised) because the audit log and, later, election
 * records refer to it; `kept` tells the person what remains and why.
 */
export async function eraseAccount(db: DB, userId: string): Promise<ErasureOutcome> {
  const kept: string[] = []
  await db.transaction().execute(async (trx) => {
    const now = nowIso()
    const user = await trx
      .selectFrom('users')
      .select(['id', 'erased_at', 'email', 'phone'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    if (user.erased_at) return
    // Messages sent (or waiting to be sent) to the person's addresses go too (#16.15/#16.16).
    const addresses = [user.email, user.phone].filter((a): a is string => Boolean(a))
    if (addresses.length) await trx.deleteFrom('outbox').where('to_address', 'in', addresses).execute()
    await trx
      .updateTable('users')
      .set({ email: null, phone: null, display_name: '—', password_hash: null, erased_at: now })
      .where('id', '=', userId)
      .execute()
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
    await trx.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute()
    await trx.deleteFrom('password_reset_codes').where('user_id', '=', userId).execute()
    // A desk's code to set the password (#18): an account erased before it was set up.
    await trx.deleteFrom('account_setup_codes').where('user_id', '=', userId).execute()
    await trx.deleteFrom('consents').where('user_id', '=', userId).execute()
    await eraseNoticePreferencesOfUser(trx, userId)
    await eraseNoticeDeliveriesOfUser(trx, userId)
    await eraseNoticeRunDeliveriesOfUser(trx, userId)
    await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute()
    kept.push(...(await eraseCandidaciesOfUser(trx, userId)))
    kept.push(...(await eraseConferenceDataOfUser(trx, userId)))
    kept.push(...(await eraseConsultationDataOfUser(trx, userId)))
    // Monitoring updates stay (a public body's record, now pseudonymous); the staff link goes.
    await trx.deleteFrom('plan_body_staff').where('user_id', '=', userId).execute()
    // Translations are public contributions: they stay, unlinked from the account (ADR 028).
    kept.push(...(await eraseTranslationDataOfUser(trx, userId)))
    // Easy-read reviews stay as the guides' record, without the link to the account or the note.
    await eraseEasyReadReviewsOfUser(trx, userId)
    // What a counsellor wrote as a member stays with the membership (public office), not the account.
    await eraseCouncilWorkOfUser(trx, userId)
    // Council seats are public office: names stay in minutes and attendance, the account link goes.
    const seats = await trx
      .updateTable('body_members')
      .set({ user_id: null })
      .where('user_id', '=', userId)
      .executeTakeFirst()
    if (Number(seats.numUpdatedRows) > 0) kept.push('public_office_record')
    // A trustee of the commission (#20) is public office too: the ceremony's public messages stay.
    for (const k of await eraseTrusteeDataOfUser(trx, userId)) if (!kept.includes(k)) kept.push(k)
    kept.push(...(await eraseRegistrationsOfUser(trx, userId)))
    kept.push('pseudonymous_id_for_audit')
    await trx
      .insertInto('erasure_requests')
      .values({
        id: newId(),
        user_id: userId,
        requested_at: now,
        completed_at: now,
        kept_note: kept.join(','),
      })
      .execute()
    // No personal data in the entry: only that an erasure happened for this pseudonymous id.
    await appendAudit(trx, {
      actorUserId: userId,
      action: 'privacy.erase',
      entityType: 'user',
      entityId: userId,
    })
  })
  return { kept }
}
