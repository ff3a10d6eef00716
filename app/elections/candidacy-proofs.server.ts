import type { Transaction } from 'kysely'
import { ELECTION_PHASES, type Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { deleteUpload, readUpload, storeUpload, type StoredFile } from '../lib/uploads.server'
import { MAX_PROOF_FILES } from './candidacy-kinds'

// Proof that an organisation works in the city (issue #17): a statement, photos, letters — the group
// need not be legally registered. The files are private like identity documents: stored outside
// public/ under random names, typed by their first bytes (PDF, JPEG, PNG), opened only by the
// electoral commission (every opening audited), never logged, and deleted with the candidacy's
// personal data (privacy.server.ts) or by the retention run once the final list is settled and the
// census cycle's document retention has passed.

type Tx = Transaction<Database>

export type ProofError = 'file_type' | 'file_too_large' | 'too_many_files'

/** The non-empty file parts of a form field (an empty file input still sends a part). */
export function sentFiles(values: FormDataEntryValue[]): FormDataEntryValue[] {
  return values.filter((v) => v !== '' && !(v instanceof File && v.size === 0))
}

/**
 * Stores the files, runs `act` with them, and deletes them again when `act` fails or throws: a
 * refused candidacy leaves no document on disk.
 */
export async function withStoredProofs<T, E extends string>(
  values: FormDataEntryValue[],
  act: (stored: StoredFile[]) => Promise<Result<T, E>>,
): Promise<Result<T, E | ProofError>> {
  const files = sentFiles(values)
  if (files.length > MAX_PROOF_FILES) return err('too_many_files', 'proof')
  const stored: StoredFile[] = []
  const discard = async () => {
    for (const file of stored) await deleteUpload(file.key)
  }
  for (const value of files) {
    const check = await storeUpload(value, 'candidacy-proofs')
    if (!check.ok) {
      await discard()
      return err(check.error, 'proof')
    }
    if (check.file) stored.push(check.file)
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

/** Records the stored files against the candidacy (inside the candidacy's own transaction). */
export async function insertProofs(trx: Tx, candidacyId: string, files: StoredFile[], at: string) {
  if (!files.length) return
  await trx
    .insertInto('candidacy_proofs')
    .values(
      files.map((f) => ({
        id: newId(),
        candidacy_id: candidacyId,
        storage_key: f.key,
        mime_type: f.mime,
        size_bytes: f.size,
        uploaded_at: at,
        deleted_at: null,
      })),
    )
    .execute()
}

/** The proofs still held, per candidacy, for the commission's review list (no storage keys). */
export async function proofsOfElection(db: DB, electionId: string) {
  const rows = await db
    .selectFrom('candidacy_proofs as p')
    .innerJoin('candidacies as c', 'c.id', 'p.candidacy_id')
    .select(['p.id', 'p.candidacy_id', 'p.mime_type', 'p.size_bytes', 'p.uploaded_at'])
    .where('c.election_id', '=', electionId)
    .where('p.deleted_at', 'is', null)
    .orderBy('p.uploaded_at')
    .orderBy('p.id')
    .execute()
  const byCandidacy = new Map<string, { id: string; mime_type: string; size_bytes: number }[]>()
  for (const { candidacy_id, uploaded_at: _, ...proof } of rows)
    byCandidacy.set(candidacy_id, [...(byCandidacy.get(candidacy_id) ?? []), proof])
  return byCandidacy
}

/** A proof file for the commission; the opening is audited. Null when there is none (or it was deleted). */
export async function openProofForReview(
  db: DB,
  input: { actorUserId: string; electionId: string; candidacyId: string; proofId: string },
): Promise<Result<{ body: Buffer; mimeType: string }, 'not_found'>> {
  const proof = await db
    .selectFrom('candidacy_proofs as p')
    .innerJoin('candidacies as c', 'c.id', 'p.candidacy_id')
    .select(['p.storage_key', 'p.mime_type'])
    .where('p.id', '=', input.proofId)
    .where('p.candidacy_id', '=', input.candidacyId)
    .where('c.election_id', '=', input.electionId)
    .where('p.deleted_at', 'is', null)
    .executeTakeFirst()
  if (!proof) return err('not_found')
  const body = await readUpload(proof.storage_key).catch(() => null)
  if (!body) return err('not_found')
  await appendAudit(db, {
    actorUserId: input.actorUserId,
    action: 'candidacy.proof.view',
    entityType: 'candidacy',
    entityId: input.candidacyId,
    after: { proof: input.proofId },
  })
  return ok({ body, mimeType: proof.mime_type })
}

/** Deletes every proof file of these candidacies (erasure); the rows go with the candidacy or are marked. */
export async function deleteProofsOf(trx: Tx | DB, candidacyIds: string[], at: string): Promise<void> {
  if (!candidacyIds.length) return
  const proofs = await trx
    .selectFrom('candidacy_proofs')
    .select(['id', 'storage_key'])
    .where('candidacy_id', 'in', candidacyIds)
    .where('deleted_at', 'is', null)
    .execute()
  for (const p of proofs) await deleteUpload(p.storage_key)
  await trx
    .updateTable('candidacy_proofs')
    .set({ deleted_at: at })
    .where('candidacy_id', 'in', candidacyIds)
    .where('deleted_at', 'is', null)
    .execute()
}

/** The phases in which the list is settled: proofs have served their purpose (review and appeals). */
const SETTLED = ELECTION_PHASES.slice(ELECTION_PHASES.indexOf('campaign'))

/**
 * The retention run: proofs of candidacies whose election is past the final list, kept the census
 * cycle's `document_retention_days` after the candidacy's last change (its decision or appeal),
 * are deleted. Returns how many files.
 */
export async function purgeSettledProofs(db: DB, now = new Date()): Promise<number> {
  const held = await db
    .selectFrom('candidacy_proofs as p')
    .innerJoin('candidacies as c', 'c.id', 'p.candidacy_id')
    .innerJoin('elections as e', 'e.id', 'c.election_id')
    .innerJoin('census_cycles as y', 'y.id', 'e.cycle_id')
    .select(['p.id', 'p.storage_key', 'c.updated_at', 'y.document_retention_days'])
    .where('p.deleted_at', 'is', null)
    .where('e.phase', 'in', SETTLED)
    .execute()
  const due = held.filter(
    (p) => new Date(p.updated_at).getTime() + p.document_retention_days * 86_400_000 <= now.getTime(),
  )
  for (const p of due) {
    await deleteUpload(p.storage_key)
    await db
      .updateTable('candidacy_proofs')
      .set({ deleted_at: now.toISOString() })
      .where('id', '=', p.id)
      .execute()
  }
  return due.length
}
