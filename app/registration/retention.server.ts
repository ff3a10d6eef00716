import { appendAudit } from '../audit/audit.server'
import { purgeSetupCodes } from '../auth/setup-codes.server'
import { purgeExpiredSignUps } from '../auth/signup.server'
import { purgeSettledProofs } from '../elections/candidacy-proofs.server'
import type { DB } from '../lib/db.server'
import { deleteUpload } from '../lib/uploads.server'
import { purgeClaimCodes } from './claim.server'
import { purgeDueCycles } from './cycles.server'
import { purgePendingClaims } from './pending-claim.server'
import { purgeExpiredDocuments } from './document-files.server'
import type { DraftData } from './drafts.server'
import { notifyRegistrant } from '../notices/notify.server'

// How long identity documents are kept when nobody decides anything (LGPD Art. 15/16: data is
// deleted once its purpose ends). Decided registrations keep their files for the cycle's retention
// after the decision (document-files.server.ts); these are the two cases with no decision at all.
// ADR 004, "2026-12-04 hardening (#16)".

/** A self-registration draft nobody touched for this long is deleted with its files. */
export const DRAFT_RETENTION_DAYS = 30
/** A registration still undecided this long after it was submitted expires; its files are deleted. */
export const UNDECIDED_RETENTION_DAYS = 180

const DAY_MS = 86_400_000
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString()

/** Deletes the files a draft holds (a draft's files are nowhere else until it is submitted). */
export async function deleteDraftFiles(data: string): Promise<void> {
  let files: DraftData['files'] = {}
  try {
    files = (JSON.parse(data) as DraftData).files ?? {}
  } catch {
    return
  }
  for (const f of Object.values(files)) if (f?.key) await deleteUpload(f.key)
}

/** Deletes drafts untouched for DRAFT_RETENTION_DAYS, files first; returns how many. */
export async function purgeAbandonedDrafts(db: DB, now = new Date()): Promise<number> {
  const cutoff = daysBefore(now, DRAFT_RETENTION_DAYS)
  const due = await db
    .selectFrom('registration_drafts')
    .select(['user_id', 'data', 'updated_at'])
    .where('updated_at', '<=', cutoff)
    .execute()
  let purged = 0
  for (const draft of due) {
    // Guarded by the time read: a draft saved again meanwhile is the person's, not abandoned.
    const deleted = await db
      .deleteFrom('registration_drafts')
      .where('user_id', '=', draft.user_id)
      .where('updated_at', '=', draft.updated_at)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) !== 1) continue
    await deleteDraftFiles(draft.data)
    purged += 1
  }
  return purged
}

/**
 * Registrations still pending (or waiting for the person's answer) UNDECIDED_RETENTION_DAYS after
 * they were submitted are closed as rejected for the reason `expired`; their document files are
 * deleted in the same run and the person is told (when there is an address) that they may register
 * again. Returns how many expired.
 */
export async function expireUndecidedRegistrations(db: DB, now = new Date()): Promise<number> {
  const at = now.toISOString()
  const due = await db
    .selectFrom('voter_registrations')
    .select(['id', 'status'])
    .where('status', 'in', ['pending', 'needs_info'])
    .where('created_at', '<=', daysBefore(now, UNDECIDED_RETENTION_DAYS))
    .execute()
  const expired: string[] = []
  for (const r of due) {
    const done = await db.transaction().execute(async (trx) => {
      // The status guard: a reviewer deciding at the same moment wins, and this run skips the row.
      const updated = await trx
        .updateTable('voter_registrations')
        .set({
          status: 'rejected',
          decision_reason: 'expired',
          decided_by: null,
          decided_at: at,
          updated_at: at,
        })
        .where('id', '=', r.id)
        .where('status', '=', r.status)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) return false
      await trx
        .updateTable('registration_documents')
        .set({ delete_after: at })
        .where('registration_id', '=', r.id)
        .where('deleted_at', 'is', null)
        .execute()
      await appendAudit(
        trx,
        {
          actorUserId: null,
          action: 'registration.expire',
          entityType: 'voter_registration',
          entityId: r.id,
          before: { status: r.status },
          after: { status: 'rejected', reason: 'expired' },
        },
        now,
      )
      return true
    })
    if (done) expired.push(r.id)
  }
  for (const id of expired)
    await notifyExpired(db, id).catch((e: unknown) =>
      console.warn('expiry notification not queued:', e instanceof Error ? e.message : e),
    )
  return expired.length
}

async function notifyExpired(db: DB, registrationId: string): Promise<void> {
  const r = await db
    .selectFrom('voter_registrations')
    .select('protocol')
    .where('id', '=', registrationId)
    .executeTakeFirstOrThrow()
  await notifyRegistrant(db, {
    registrationId,
    template: 'registration_expired',
    params: { protocol: r.protocol, days: UNDECIDED_RETENTION_DAYS },
  })
}

export type RetentionRun = {
  drafts: number
  expired: number
  documents: number
  signUps: number
  cycles: number
  /** Organisations' proofs of work, once the candidate list is settled (#17). */
  proofs: number
  /** Claim codes used or expired (issue #18). */
  claimCodes: number
  /** Codes to set a desk-created account's password, used or expired (issue #18). */
  setupCodes: number
  /** Verified claims that waited their 15 minutes for a log-in in vain (issue #18). */
  pendingClaims: number
}

/**
 * The periodic retention run (scripts/server.ts, hourly): drafts, undecided registrations, files,
 * sign-ups never confirmed (a name, an address and a password hash, kept 24 hours at most), and
 * the identity data of closed census cycles whose retention has passed, and the proofs
 * organisations sent with their candidacies once the list is settled.
 */
export async function runRetention(db: DB, now = new Date()): Promise<RetentionRun> {
  const drafts = await purgeAbandonedDrafts(db, now)
  const expired = await expireUndecidedRegistrations(db, now)
  const documents = await purgeExpiredDocuments(db, now)
  const signUps = await purgeExpiredSignUps(db, now)
  // Closed census cycles past their retention lose their identity data (issue #17).
  const cycles = await purgeDueCycles(db, now)
  const proofs = await purgeSettledProofs(db, now)
  const claimCodes = await purgeClaimCodes(db, now)
  const setupCodes = await purgeSetupCodes(db, now)
  const pendingClaims = await purgePendingClaims(db, now)
  return { drafts, expired, documents, signUps, cycles, proofs, claimCodes, setupCodes, pendingClaims }
}
