import type { DocumentType } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { parseForm, type FieldErrors } from '../lib/forms'
import { err, ok, type Result } from '../lib/result'
import { getCurrentCycle } from './cycles.server'
import { withStoredFiles, type RegistrationFiles } from './document-files.server'
import { isDocumentType, looksUnusual, normaliseDocumentNumber } from './documents'
import { clearDraft, getDraft, saveDraft } from './drafts.server'
import { registrationOptions } from './options.server'
import { createRegistration, getOwnRegistration, withIneligibleReason } from './registrations.server'
import { RegistrationSchema, type RegistrationInput } from './schemas.server'
import type { FormStep, Step } from './steps'

// Self-registration in short steps. Each step is validated and saved in a draft as typed; the last
// step ("review") submits the draft, re-validated as a whole (the server is the source of truth).

export const STEP_FIELDS: Record<FormStep, string[]> = {
  about: ['fullName', 'socialName', 'birthDate', 'nationality1', 'nationality2', 'naturalised', 'gender'],
  home: ['subprefectureId'],
  document: ['documentType', 'documentNumber'],
  contact: ['phone', 'email', 'preferredLanguage', 'consent'],
}

/** The draft as the form the review step submits. */
export function draftForm(values: Record<string, string>): FormData {
  const form = new FormData()
  for (const [k, v] of Object.entries(values)) form.set(k, v)
  return form
}

/** A step's page; null when the person has nothing to do here (already registered, or registration closed). */
export async function wizardStep(db: DB, input: { userId: string; step: Step; language: string }) {
  if (await getOwnRegistration(db, input.userId)) return null
  const options = await registrationOptions(db, input.language)
  if (!options.cycle) return null
  const draft = await getDraft(db, input.userId)
  let reviewErrors: FieldErrors | undefined
  if (input.step === 'review') {
    const parsed = parseForm(RegistrationSchema, draftForm(draft.values))
    if (!parsed.ok) reviewErrors = parsed.fieldErrors
  }
  // A hint, never a refusal: foreign and older documents have many valid shapes.
  const type = draft.values.documentType ?? ''
  const documentLooksUnusual =
    input.step === 'review' &&
    isDocumentType(type) &&
    looksUnusual(type as DocumentType, normaliseDocumentNumber(draft.values.documentNumber ?? ''))
  return {
    step: input.step,
    options,
    values: draft.values,
    files: { identity: Boolean(draft.files.identity), residence: Boolean(draft.files.residence) },
    reviewErrors,
    documentLooksUnusual,
  }
}

/** Saves one step's fields as typed, and the document step's files (proof of residence if the cycle requires it). */
export async function saveWizardStep(
  db: DB,
  input: { userId: string; step: FormStep; typed: Record<string, string>; files?: RegistrationFiles },
): Promise<Result<null, string>> {
  const { userId, step } = input
  const values = Object.fromEntries(STEP_FIELDS[step].map((k) => [k, input.typed[k]]))
  if (step !== 'document') {
    await saveDraft(db, { userId, values })
    return ok(null)
  }
  const files = input.files ?? {}
  const cycle = await getCurrentCycle(db)
  if (cycle?.proof_of_residence_required && !files.residence && !(await getDraft(db, userId)).files.residence)
    return err('proof_required', 'residenceFile')
  return withStoredFiles(files, async (stored) => {
    await saveDraft(db, { userId, values, files: stored })
    return ok(null)
  })
}

/** Submits the draft (already re-validated as `input`) with the files saved with it. */
export async function submitDraft(db: DB, input: { userId: string; input: RegistrationInput }) {
  const draft = await getDraft(db, input.userId)
  const result = await createRegistration(db, {
    input: input.input,
    channel: 'self',
    userId: input.userId,
    files: draft.files,
  })
  if (result.ok) await clearDraft(db, { userId: input.userId, keepFiles: true })
  return withIneligibleReason(result)
}
