import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../../app/audit/audit.server'
import type { DB } from '../../../app/lib/db.server'
import { storeUpload, type StoredFile } from '../../../app/lib/uploads.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import { getDraft, saveDraft } from '../../../app/registration/drafts.server'
import { createRegistration } from '../../../app/registration/registrations.server'
import {
  DRAFT_RETENTION_DAYS,
  runRetention,
  UNDECIDED_RETENTION_DAYS,
} from '../../../app/registration/retention.server'
import { decideRegistration } from '../../../app/registration/review.server'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'
import { openCycle, registrationInput } from '../../helpers/registration'

// Issue #16.16: identity documents are not kept without a purpose — abandoned drafts, registrations
// nobody decided, and the draft of a person who asks for erasure. Asserted on the disk itself.

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
const DAY = 86_400_000

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  await openCycle(db)
})

async function storedFile(): Promise<StoredFile> {
  const check = await storeUpload(new File([PNG], 'doc.png', { type: 'image/png' }), 'registrations')
  if (!check.ok || !check.file) throw new Error('not stored')
  return check.file
}
const onDisk = (f: StoredFile) => existsSync(join(process.env.UPLOAD_DIR!, f.key))

async function setDraftTime(userId: string, at: Date) {
  await db
    .updateTable('registration_drafts')
    .set({ updated_at: at.toISOString() })
    .where('user_id', '=', userId)
    .execute()
}

describe('abandoned drafts', () => {
  it(`a draft untouched for ${DRAFT_RETENTION_DAYS} days is deleted with its files; a recent one stays`, async () => {
    const now = new Date('2026-12-04T12:00:00Z')
    const [old, recent] = [await createUser(db), await createUser(db)]
    const [oldId, oldProof, recentId] = [await storedFile(), await storedFile(), await storedFile()]
    await saveDraft(db, {
      userId: old.id,
      values: { fullName: 'A' },
      files: { identity: oldId, residence: oldProof },
    })
    await saveDraft(db, { userId: recent.id, values: { fullName: 'B' }, files: { identity: recentId } })
    await setDraftTime(old.id, new Date(now.getTime() - (DRAFT_RETENTION_DAYS + 1) * DAY))
    await setDraftTime(recent.id, new Date(now.getTime() - (DRAFT_RETENTION_DAYS - 1) * DAY))
    expect([onDisk(oldId), onDisk(oldProof), onDisk(recentId)]).toEqual([true, true, true])

    const run = await runRetention(db, now)
    expect(run.drafts).toBe(1)
    expect([onDisk(oldId), onDisk(oldProof)]).toEqual([false, false])
    expect(onDisk(recentId)).toBe(true)
    expect(await getDraft(db, old.id)).toEqual({ values: {}, files: {} })
    expect((await getDraft(db, recent.id)).values.fullName).toBe('B')
    // Running again finds nothing more to do.
    expect((await runRetention(db, now)).drafts).toBe(0)
  })
})

describe('erasure', () => {
  it('erasing an account deletes the draft row and the document files it held', async () => {
    const u = await createUser(db)
    const file = await storedFile()
    await saveDraft(db, { userId: u.id, values: { fullName: 'A' }, files: { identity: file } })
    await eraseAccount(db, u.id)
    expect(onDisk(file)).toBe(false)
    expect(
      await db.selectFrom('registration_drafts').selectAll().where('user_id', '=', u.id).execute(),
    ).toEqual([])
  })
})

describe('registrations never decided', () => {
  async function submitted(at: Date, userId: string | null = null) {
    const file = await storedFile()
    const r = await createRegistration(
      db,
      {
        input: registrationInput({ email: 'rosa@example.org' }),
        channel: 'self',
        userId,
        files: { identity: file },
      },
      at,
    )
    if (!r.ok) throw new Error(r.error)
    return { id: r.value.id, file }
  }

  it(`expire ${UNDECIDED_RETENTION_DAYS} days after submission: files deleted, marked, person told, audited`, async () => {
    const now = new Date('2026-12-04T12:00:00Z')
    const old = await submitted(new Date(now.getTime() - (UNDECIDED_RETENTION_DAYS + 1) * DAY))
    const young = await submitted(new Date(now.getTime() - 10 * DAY))
    const run = await runRetention(db, now)
    expect(run.expired).toBe(1)
    expect(run.documents).toBe(1)
    expect(onDisk(old.file)).toBe(false)
    expect(onDisk(young.file)).toBe(true)
    const row = await db
      .selectFrom('voter_registrations')
      .select(['status', 'decision_reason'])
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'rejected', decision_reason: 'expired' })
    const doc = await db
      .selectFrom('registration_documents')
      .select('deleted_at')
      .where('registration_id', '=', old.id)
      .executeTakeFirstOrThrow()
    expect(doc.deleted_at).not.toBeNull()
    const mail = await db.selectFrom('outbox').select(['to_address', 'body']).execute()
    expect(mail).toHaveLength(1)
    expect(mail[0].to_address).toBe('rosa@example.org')
    expect(mail[0].body).toContain(String(UNDECIDED_RETENTION_DAYS))
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_id']).execute()
    expect(audit).toContainEqual({ action: 'registration.expire', entity_id: old.id })
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  it('a decided registration is not expired, and a decision racing the expiry keeps its outcome', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const now = new Date('2026-12-04T12:00:00Z')
    const old = await submitted(new Date(now.getTime() - (UNDECIDED_RETENTION_DAYS + 5) * DAY))
    await decideRegistration(db, {
      actorUserId: staff.id,
      registrationId: old.id,
      decision: { intent: 'approve' },
    })
    const run = await runRetention(db, now)
    expect(run.expired).toBe(0)
    const row = await db
      .selectFrom('voter_registrations')
      .select('status')
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('approved')
    expect(onDisk(old.file)).toBe(true) // kept for the cycle's retention after the decision
  })
})
