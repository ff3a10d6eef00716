import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import type { StoredFile } from '../lib/uploads.server'
import { deleteUpload } from '../lib/uploads.server'

// A self-registration in progress: each short step is validated and saved here, so a person on a
// slow connection (or without JavaScript) can go back and forth and resume later.
export type DraftData = {
  values: Record<string, string>
  files: { identity?: StoredFile; residence?: StoredFile }
}

export async function getDraft(db: DB, userId: string): Promise<DraftData> {
  const row = await db
    .selectFrom('registration_drafts')
    .select('data')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row ? (JSON.parse(row.data) as DraftData) : { values: {}, files: {} }
}

export async function saveDraft(
  db: DB,
  input: { userId: string; values: Record<string, string | undefined>; files?: DraftData['files'] },
): Promise<DraftData> {
  const { userId, values, files = {} } = input
  const current = await getDraft(db, userId)
  // A step that clears an optional field must clear it in the draft too.
  const merged: Record<string, string> = { ...current.values }
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '') delete merged[k]
    else merged[k] = v
  }
  for (const kind of ['identity', 'residence'] as const) {
    if (files[kind] && current.files[kind]) await deleteUpload(current.files[kind]!.key)
  }
  const data: DraftData = {
    values: merged,
    files: { ...current.files, ...Object.fromEntries(Object.entries(files).filter(([, f]) => f)) },
  }
  await db
    .insertInto('registration_drafts')
    .values({ user_id: userId, data: JSON.stringify(data), updated_at: nowIso() })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ data: JSON.stringify(data), updated_at: nowIso() }),
    )
    .execute()
  return data
}

export async function clearDraft(db: DB, input: { userId: string; keepFiles: boolean }): Promise<void> {
  const { userId, keepFiles } = input
  if (!keepFiles) {
    const draft = await getDraft(db, userId)
    for (const f of Object.values(draft.files)) if (f) await deleteUpload(f.key)
  }
  await db.deleteFrom('registration_drafts').where('user_id', '=', userId).execute()
}
