import { z } from 'zod'
import { parseDate } from '../lib/dates'
import { REJECTION_REASONS } from './reasons'

export { parseDate, REJECTION_REASONS }
import { GENDERS, REGISTRATION_STATUSES } from '../../db/schema'
import { parseIdentifier } from '../auth/identifier'
import { SignInIdentifier, SignUpSchema } from '../auth/schemas.server'
import { LANGUAGES } from '../i18n/config'
import { stripControlCharacters } from '../lib/fields.server'
import { TOO_LARGE, uploadedFile } from '../lib/uploads.server'
import { isNationalityCode } from './countries'
import { DOCUMENT_TYPES, isPlausibleDocumentNumber, normaliseDocumentNumber } from './documents'

// Messages are validation-namespace keys. Each wizard step has its own schema; the final
// submission re-validates everything with `RegistrationSchema` (the server is the source of truth).

const text = (max: number) =>
  z
    .string({ required_error: 'required', invalid_type_error: 'invalid_value' })
    .trim()
    .max(max, 'too_long')
    .transform((v) => stripControlCharacters(v).trim())
const requiredText = (max: number) => text(max).pipe(z.string().min(1, 'required'))
const optionalText = (max: number) =>
  z
    .string({ invalid_type_error: 'invalid_value' })
    .trim()
    .max(max, 'too_long')
    .optional()
    .transform((v) => (v ? stripControlCharacters(v).trim() || undefined : undefined))

const birthDate = z
  .string({ required_error: 'required', invalid_type_error: 'invalid_value' })
  .trim()
  .min(1, 'required')
  .max(20, 'birth_date_invalid')
  .transform((v, ctx) => {
    const parsed = parseDate(v)
    if (!parsed) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'birth_date_invalid' })
      return z.NEVER
    }
    return parsed
  })

const nationality = z
  .string({ required_error: 'nationality_required', invalid_type_error: 'invalid_value' })
  .refine(isNationalityCode, 'nationality_required')

/** Brazilians must say they are naturalised; checked on its own so it shows with other errors. */
export function naturalisedError(raw: Record<string, unknown>): string | undefined {
  const n1 = raw.nationality1
  const n2 = raw.nationality2
  if (n1 === 'BR' && raw.naturalised !== 'yes' && (!n2 || n2 === 'BR')) return 'brazilian_needs_naturalised'
  return undefined
}

export const AboutStepSchema = z
  .object({
    fullName: requiredText(200),
    socialName: optionalText(200),
    birthDate,
    nationality1: nationality,
    nationality2: z
      .string()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || isNationalityCode(v), 'choose_option'),
    naturalised: z.literal('yes').optional(),
    gender: z.enum(GENDERS, { errorMap: () => ({ message: 'choose_option' }) }),
  })
  .refine(
    (v) => v.nationality1 !== 'BR' || v.naturalised === 'yes' || (v.nationality2 && v.nationality2 !== 'BR'),
    {
      path: ['naturalised'],
      message: 'brazilian_needs_naturalised',
    },
  )

export const HomeStepSchema = z.object({
  subprefectureId: z.coerce
    .number({ invalid_type_error: 'choose_option' })
    .int()
    .min(1, 'choose_option')
    .max(1000, 'choose_option'),
})

export const documentNumber = z
  .string({ required_error: 'required', invalid_type_error: 'invalid_value' })
  .trim()
  .min(1, 'required')
  .max(60, 'too_long')
  .transform((v) => normaliseDocumentNumber(v))
  .refine(isPlausibleDocumentNumber, 'document_number_invalid')

export const DocumentStepSchema = z.object({
  documentType: z.enum(DOCUMENT_TYPES, { errorMap: () => ({ message: 'choose_option' }) }),
  documentNumber,
})

/** The scanned documents sent with the document step or at a desk (read with readCheckedUploads). */
export const DocumentFilesSchema = z.object({ identityFile: uploadedFile, residenceFile: uploadedFile })

const phone = optionalText(40).refine(
  (v) => v === undefined || parseIdentifier(v)?.kind === 'phone',
  'phone_invalid',
)
const email = optionalText(254).refine(
  (v) => v === undefined || parseIdentifier(v)?.kind === 'email',
  'email_invalid',
)

export const ContactStepSchema = z.object({
  phone,
  email,
  preferredLanguage: z.enum(LANGUAGES, { errorMap: () => ({ message: 'choose_option' }) }),
  consent: z.literal('yes', { errorMap: () => ({ message: 'consent_required' }) }),
})

// Everything at once: assisted registration at a desk, CSV rows, and the final wizard submission.
export const RegistrationSchema = z
  .object({
    ...AboutStepSchema.innerType().shape,
    ...HomeStepSchema.shape,
    ...DocumentStepSchema.shape,
    ...ContactStepSchema.shape,
  })
  .refine(
    (v) => v.nationality1 !== 'BR' || v.naturalised === 'yes' || (v.nationality2 && v.nationality2 !== 'BR'),
    {
      path: ['naturalised'],
      message: 'brazilian_needs_naturalised',
    },
  )

export type RegistrationInput = z.infer<typeof RegistrationSchema>

/** The wizard's document step posts the scanned documents with the number. */
export const DocumentStepWithFilesSchema = DocumentStepSchema.merge(DocumentFilesSchema)

/** A desk registers everything at once, with the scanned documents. */
export const DeskRegistrationSchema = RegistrationSchema.and(DocumentFilesSchema)

// A reviewer's decision, one schema per intent of the review page.
export const ApproveSchema = z.object({ note: optionalText(2000) })
export const RejectSchema = z.object({
  reason: z.enum(REJECTION_REASONS, { errorMap: () => ({ message: 'choose_option' }) }),
  note: optionalText(2000),
})
export const RequestInfoSchema = z.object({ note: requiredText(2000) })

export const ReplySchema = z.object({ message: requiredText(2000) })

export const ProtocolLookupSchema = z.object({
  protocol: requiredText(40),
  birthDate,
})

/** The largest registration import file (the message `import.errors.too_large` names it). */
export const MAX_IMPORT_CSV_BYTES = 4 * 1024 * 1024

/**
 * An import file; one over the upload limit arrives as TOO_LARGE, a missing one as a string. One
 * between MAX_IMPORT_CSV_BYTES and the upload limit is too large too (it used to read as "empty").
 */
export const ImportUploadSchema = z.object({
  file: z.unknown().transform((value, ctx): File => {
    if (value instanceof File && value.size <= MAX_IMPORT_CSV_BYTES) return value
    const tooLarge = value === TOO_LARGE || value instanceof File
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: tooLarge ? 'too_large' : 'empty' })
    return z.NEVER
  }),
})

export const ImportConfirmSchema = z.object({ job: requiredText(100) })

export const CycleSchema = z.object({
  name: requiredText(120),
  electionDay: z
    .string({ required_error: 'required' })
    .transform(
      (v, ctx) =>
        parseDate(v) ?? (ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'date_invalid' }), z.NEVER),
    ),
  minVoterAge: z.coerce
    .number({ invalid_type_error: 'number_invalid' })
    .int('number_invalid')
    .min(0, 'number_invalid')
    .max(120, 'number_invalid'),
  minCandidateAge: z.coerce
    .number({ invalid_type_error: 'number_invalid' })
    .int('number_invalid')
    .min(0, 'number_invalid')
    .max(120, 'number_invalid'),
  proofOfResidenceRequired: z
    .literal('yes')
    .optional()
    .transform((v) => v === 'yes'),
  documentRetentionDays: z.coerce
    .number({ invalid_type_error: 'number_invalid' })
    .int('number_invalid')
    .min(0, 'number_invalid')
    .max(3650, 'number_invalid'),
})

/** Closing the current cycle and opening the next: its rules, and how long identity data is kept. */
export const NextCycleSchema = CycleSchema.extend({
  closingCycleId: z.string({ required_error: 'required' }).min(1, 'required').max(64, 'invalid_value'),
  identityRetentionDays: z.coerce
    .number({ invalid_type_error: 'number_invalid' })
    .int('number_invalid')
    .min(0, 'number_invalid')
    .max(3650, 'number_invalid'),
})

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)

/** The queue's filters, from the query string: anything malformed is ignored, not an error. */
export const QueueFiltersSchema = z.object({
  status: z.enum(REGISTRATION_STATUSES).optional().catch(undefined),
  subprefectureId: z.coerce.number().int().positive().optional().catch(undefined),
  nationality: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .catch(undefined),
  documentType: z.enum(DOCUMENT_TYPES).optional().catch(undefined),
  from: isoDay,
  to: isoDay,
  sort: z.enum(['oldest', 'newest']).catch('oldest'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

/** A likely duplicate pair answered "not the same person" (issue #16.17). */
const registrationId = requiredText(64)
export const DuplicatePairSchema = z.object({ registrationId, otherRegistrationId: registrationId })
/** The same person: which registration stays and which is withdrawn. */
export const MergeDuplicateSchema = z.object({
  keepRegistrationId: registrationId,
  withdrawRegistrationId: registrationId,
})

/** The three facts on a desk receipt and an identity document that find a registration to claim (#18). */
const claimFacts = {
  protocol: requiredText(40),
  documentNumber,
  birthDate,
}
export const ClaimFactsSchema = z.object(claimFacts)

const claimCode = z
  .string({ required_error: 'required', invalid_type_error: 'invalid_value' })
  .trim()
  .min(1, 'required')
  .max(20, 'claim_code_format')
  .transform((v) => v.normalize('NFKC').replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'claim_code_format'))

/** Signed in: the code links the registration to this account. */
export const ClaimLinkSchema = z.object({ ...claimFacts, code: claimCode })

/** Not signed in, with an account: the code and the e-mail or phone the person will sign in with. */
export const ClaimHoldSchema = z.object({ ...claimFacts, code: claimCode, identifier: SignInIdentifier })

/** Not signed in: the code and a new account, validated as sign-up validates it. */
export const ClaimCreateSchema = SignUpSchema.innerType()
  .extend({ ...claimFacts, code: claimCode })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'passwords_differ' })

/** The desk creates the account: the password the person types, twice. */
export const DeskAccountSchema = z
  .object({
    password: z.string({ required_error: 'required' }).min(8, 'password_too_short').max(200, 'too_long'),
    passwordConfirm: z.string({ required_error: 'required' }).min(1, 'required'),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'passwords_differ' })
