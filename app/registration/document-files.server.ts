import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { err, type Result } from '../lib/result'
import { deleteUpload, readUpload, storeUpload, type StoredFile } from '../lib/uploads.server'

// The image files of identity documents and proofs of residence (documents.ts holds the rules for
// document *numbers*). Files are stored only once the whole form is valid, deleted again if the
// registration fails, shown only to the secretariat with every viewing audited, and deleted for
// good when the cycle's retention after the decision has passed.

export type RegistrationFiles = { identity?: File; residence?: File }
export type StoredRegistrationFiles = { identity?: StoredFile; residence?: StoredFile }
type FileError = 'file_type' | 'file_too_large'

const FIELD_OF = { identity: 'identityFile', residence: 'residenceFile' } as const

/**
 * Stores the files, runs `act` with them, and deletes them again when `act` fails or throws: a
 * failed registration leaves no identity document on disk.
 */
export async function withStoredFiles<T, E extends string>(
  files: RegistrationFiles,
  act: (stored: StoredRegistrationFiles) => Promise<Result<T, E>>,
): Promise<Result<T, E | FileError>> {
  const stored: StoredRegistrationFiles = {}
  const discard = async () => {
    for (const file of Object.values(stored)) if (file) await deleteUpload(file.key)
  }
  for (const kind of ['identity', 'residence'] as const) {
    const check = await storeUpload(files[kind] ?? null, 'registrations')
    if (!check.ok) {
      await discard()
      return err(check.error, FIELD_OF[kind])
    }
    if (check.file) stored[kind] = check.file
  }
  try {
    const result = await act(stored)
    if (!result.ok) await discard()
    return result
  } catch (error) {
    await discard()
    throw error
  }
}

/** A document file for a reviewer; the viewing is audited. Null when there is none (or it was deleted). */
export async function openDocumentForReview(
  db: DB,
  input: { actorUserId: string; registrationId: string; documentId: string },
): Promise<{ body: Buffer; mimeType: string } | null> {
  const doc = await db
    .selectFrom('registration_documents')
    .select(['storage_key', 'mime_type', 'kind'])
    .where('id', '=', input.documentId)
    .where('registration_id', '=', input.registrationId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!doc) return null
  const body = await readUpload(doc.storage_key).catch(() => null)
  if (!body) return null
  await appendAudit(db, {
    actorUserId: input.actorUserId,
    action: 'registration.document.view',
    entityType: 'voter_registration',
    entityId: input.registrationId,
    after: { kind: doc.kind },
  })
  return { body, mimeType: doc.mime_type }
}

/** Deletes document files whose retention has passed; returns how many. Run periodically. */
export async function purgeExpiredDocuments(db: DB, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('registration_documents')
    .select(['id', 'storage_key'])
    .where('deleted_at', 'is', null)
    .where('delete_after', 'is not', null)
    .where('delete_after', '<=', now.toISOString())
    .execute()
  for (const doc of due) {
    await deleteUpload(doc.storage_key)
    await db
      .updateTable('registration_documents')
      .set({ deleted_at: now.toISOString() })
      .where('id', '=', doc.id)
      .execute()
  }
  return due.length
}
