import { z } from 'zod'
import { ELECTION_PHASES, GENDERS, type Gender } from '../../db/schema'
import { LANGUAGES } from '../i18n/config'
import { type I18nText } from '../i18n/content'
import { parseDate } from '../lib/dates'
import type { FormShape } from '../lib/form-object'
import { isPlausibleDocumentNumber, normaliseDocumentNumber } from '../registration/documents'
import {
  language,
  oneOf,
  optionalLocalDateTime,
  optionalText,
  requiredText,
  text,
  wholeNumber,
} from '../lib/fields.server'
import { APPLY_KINDS, REPRESENTATIVE_DOCUMENT_TYPES } from './candidacy-kinds'
import { APPEAL_DAYS_RANGE } from './phases'
import type { NewElection } from './lifecycle.server'
import { MAX_SHARE_CSV_BYTES } from './share-csv'
import { DEFAULT_SHARE_THRESHOLDS, parseShareSteps, type ShareThresholds } from './seats'
import { TOO_LARGE } from '../lib/uploads.server'
import { DEFAULT_RULES } from './tally'

// Messages are validation-namespace keys (see app/lib/forms.ts).
const count = (max: number) => wholeNumber(0, max)

const i18nFields = Object.fromEntries(
  LANGUAGES.flatMap((l) => [
    [`title_${l}`, optionalText(200)],
    [`description_${l}`, optionalText(4000)],
  ]),
)

/** The texts typed per language (`title_es`, `description_ar`…), without the empty ones. */
const textsOf = (fields: Record<string, unknown>, prefix: string): I18nText =>
  Object.fromEntries(LANGUAGES.map((l) => [l, fields[`${prefix}_${l}`]]).filter(([, v]) => v)) as I18nText

/** The creation form's checkbox group (formAction reads it as a list). */
export const NEW_ELECTION_SHAPE: FormShape = { lists: ['parityCounts'] }

export const NewElectionSchema = z
  .object({
    body: z.enum(['cmi', 'cpm'], { errorMap: () => ({ message: 'choose_option' }) }),
    ...i18nFields,
    'title_pt-BR': requiredText(200),
    // CMI: the civil-society seats per segment and overall, alternates per segment (checked against
    // the council's composition by createElection).
    seatsA: count(30),
    seatsB: count(30),
    seatsC: count(30),
    overallSeats: count(10),
    alternatesA: count(30),
    alternatesB: count(30),
    alternatesC: count(30),
    // CPM: seats per subprefecture from the immigrant share, alternates per subprefecture.
    minSeats: count(10),
    shareSteps: text(200).refine((v) => parseShareSteps(v) !== null, 'share_steps_invalid'),
    alternates: count(10),
    parity: z.literal('yes').optional(),
    parityMinShare: wholeNumber(1, 100),
    parityCounts: z.array(oneOf(GENDERS)).max(GENDERS.length, 'choose_option'),
    drawSeed: requiredText(200),
  })
  .transform((d): NewElection => ({
    body: d.body,
    title: textsOf(d, 'title'),
    description: textsOf(d, 'description'),
    segmentSeats: { A: d.seatsA, B: d.seatsB, C: d.seatsC },
    segmentAlternates: { A: d.alternatesA, B: d.alternatesB, C: d.alternatesC },
    shareThresholds: {
      minSeats: d.minSeats,
      steps: parseShareSteps(d.shareSteps) ?? DEFAULT_SHARE_THRESHOLDS.steps,
    },
    alternates: d.alternates,
    rules: {
      ...DEFAULT_RULES,
      parity: {
        enabled: d.parity === 'yes',
        minShare: d.parityMinShare / 100,
        countsTowards: GENDERS.filter((g) => d.parityCounts.includes(g)),
      },
      overallSeats: d.overallSeats,
      drawSeed: d.drawSeed,
    },
  }))

/** The thresholds of the CPM seats preview (issue #17): the same fields as the creation form. */
export const ShareThresholdsSchema = z
  .object({
    minSeats: count(10),
    shareSteps: text(200).refine((v) => parseShareSteps(v) !== null, 'share_steps_invalid'),
  })
  .transform((d): ShareThresholds => ({
    minSeats: d.minSeats,
    steps: parseShareSteps(d.shareSteps) ?? DEFAULT_SHARE_THRESHOLDS.steps,
  }))

/** The file of immigrant population figures; its lines are checked by share-csv.ts. */
export const ShareImportSchema = z.object({
  file: z.unknown().transform((value, ctx): File => {
    if (value instanceof File && value.size > 0 && value.size <= MAX_SHARE_CSV_BYTES) return value
    const tooLarge = value === TOO_LARGE || (value instanceof File && value.size > 0)
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: tooLarge ? 'too_large' : 'empty' })
    return z.NEVER
  }),
})
/** Parity on, nobody counting towards it: the rule would mean nothing. */
export const newElectionCrossChecks = {
  parityCounts: (raw: Record<string, unknown>) =>
    raw.parity === 'yes' && !(Array.isArray(raw.parityCounts) && raw.parityCounts.length)
      ? 'choose_option'
      : undefined,
}

export const AdvanceSchema = z.object({
  to: oneOf(ELECTION_PHASES),
  gazetteReference: optionalText(300),
})

const localDateTime = optionalLocalDateTime

export const CalendarSchema = z.object({
  candidacyDeadline: localDateTime,
  votingStarts: localDateTime,
  votingEnds: localDateTime,
  // Left empty: unchanged.
  appealDays: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    wholeNumber(APPEAL_DAYS_RANGE.min, APPEAL_DAYS_RANGE.max).optional(),
  ),
})

export const DecideCandidacySchema = z
  .object({
    candidacyId: requiredText(40),
    decision: z.enum(['accept', 'reject'], { errorMap: () => ({ message: 'choose_option' }) }),
    reason: optionalText(1000),
  })
  .refine((v) => v.decision === 'accept' || Boolean(v.reason), { message: 'required', path: ['reason'] })

const ORGANISATION_KINDS: unknown[] = ['immigrant_organisation', 'supporting_organisation']
const isOrganisation = (raw: Record<string, unknown>) => ORGANISATION_KINDS.includes(raw.kind)
const isSupporting = (raw: Record<string, unknown>) => raw.kind === 'supporting_organisation'
const filled = (v: unknown) => typeof v === 'string' && v.trim() !== ''

export const ApplySchema = z
  .object({
    contestId: requiredText(40).pipe(z.string().min(1, 'choose_option')),
    kind: oneOf(APPLY_KINDS),
    organisationName: optionalText(200),
    alternateRepresentative: optionalText(200),
    representativeName: optionalText(200),
    representativeDocumentType: optionalText(40),
    representativeDocumentNumber: optionalText(60),
    representativeBirthDate: optionalText(20),
    representativeGender: optionalText(40),
    statement: requiredText(3000),
    statementLanguage: language,
    checkEligible: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
    checkRules: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
    checkPublic: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
  })
  .transform((d) => ({
    contestId: d.contestId,
    kind: d.kind === 'person' ? ('person' as const) : ('organisation' as const),
    organisationName: d.kind === 'person' ? undefined : d.organisationName,
    alternateRepresentative: d.kind === 'person' ? undefined : d.alternateRepresentative,
    // Checked by applyCrossChecks: present and valid whenever the kind is a supporting organisation.
    representative:
      d.kind === 'supporting_organisation'
        ? {
            fullName: d.representativeName ?? '',
            documentType: d.representativeDocumentType ?? '',
            documentNumber: normaliseDocumentNumber(d.representativeDocumentNumber ?? ''),
            birthDate: parseDate(d.representativeBirthDate ?? '') ?? '',
            gender: d.representativeGender as Gender,
          }
        : undefined,
    statement: d.statement,
    statementLanguage: d.statementLanguage,
  }))

/** Fields whose need depends on the kind chosen; all reported with the other field errors. */
export const applyCrossChecks = {
  organisationName: (raw: Record<string, unknown>) =>
    isOrganisation(raw) && !filled(raw.organisationName) ? 'required' : undefined,
  alternateRepresentative: (raw: Record<string, unknown>) =>
    isOrganisation(raw) && !filled(raw.alternateRepresentative) ? 'required' : undefined,
  proof: (raw: Record<string, unknown>) =>
    isOrganisation(raw) && !(raw.proof instanceof File ? raw.proof.size > 0 : filled(raw.proof))
      ? 'proof_missing'
      : undefined,
  representativeName: (raw: Record<string, unknown>) =>
    isSupporting(raw) && !filled(raw.representativeName) ? 'required' : undefined,
  representativeDocumentType: (raw: Record<string, unknown>) =>
    isSupporting(raw) &&
    !(REPRESENTATIVE_DOCUMENT_TYPES as readonly unknown[]).includes(raw.representativeDocumentType)
      ? 'choose_option'
      : undefined,
  representativeDocumentNumber: (raw: Record<string, unknown>) => {
    if (!isSupporting(raw)) return undefined
    if (!filled(raw.representativeDocumentNumber)) return 'required'
    const number = normaliseDocumentNumber(String(raw.representativeDocumentNumber))
    return isPlausibleDocumentNumber(number) ? undefined : 'document_number_invalid'
  },
  representativeBirthDate: (raw: Record<string, unknown>) => {
    if (!isSupporting(raw)) return undefined
    if (!filled(raw.representativeBirthDate)) return 'required'
    return parseDate(String(raw.representativeBirthDate)) ? undefined : 'birth_date_invalid'
  },
  representativeGender: (raw: Record<string, unknown>) =>
    isSupporting(raw) && !(GENDERS as readonly unknown[]).includes(raw.representativeGender)
      ? 'choose_option'
      : undefined,
}

export const AppealSchema = z.object({ candidacyId: requiredText(40), text: requiredText(3000) })
export const WithdrawSchema = z.object({
  candidacyId: requiredText(40),
  confirm: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
})
export const RepresentativeSchema = z.object({ candidacyId: requiredText(40), name: requiredText(200) })
export const TranslateSchema = z.object({ candidacyId: requiredText(40), language, text: requiredText(3000) })

/** The ballot's radios, `contest_<contest id>`, read as one map (see BallotForm). */
export const BALLOT_SHAPE: FormShape = { maps: { choices: 'contest_' } }

/**
 * Contest id → candidacy id or 'blank'. A value too long to be an id is dropped, so its contest is
 * reported as not chosen yet; whether a choice is valid is for casting to decide.
 */
export const BallotSchema = z.object({
  choices: z
    .record(z.string())
    .transform((all) => Object.fromEntries(Object.entries(all).filter(([, v]) => v.length < 64))),
})

/**
 * Ballots encrypted on the voter's device (issue #20): a JSON list of { uuid, json }, one per
 * archive of the voter. Bounded here (a voter has at most a few archives, each ballot well under
 * the form's 400 KB field limit); what each ballot says is for the Belenios verification to judge.
 */
const DeviceBallotSchema = z.object({ uuid: z.string().min(1).max(64), json: z.string().min(1).max(390_000) })
export const EncryptedCastSchema = z.object({
  ballots: z
    .string({ required_error: 'invalid_ballot' })
    .max(400_000, 'invalid_ballot')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'invalid_ballot' })
        return z.NEVER
      }
    })
    .pipe(
      z
        .array(DeviceBallotSchema, { invalid_type_error: 'invalid_ballot' })
        .min(1, 'invalid_ballot')
        .max(16, 'invalid_ballot'),
    ),
})

/** A ballot on the polling-station device carries its one-time token, nothing about the voter. */
export const BoothBallotSchema = BallotSchema.extend({ token: z.string().catch('') })

export const FindVoterSchema = z.object({ q: z.string().trim().max(60).optional().catch(undefined) })
export const OpenBoothSchema = z.object({
  registrationId: requiredText(40),
  documentChecked: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
})

// The polling place's staff (issue #16.13).
export const NamePollWorkerSchema = z.object({ identifier: requiredText(254) })
export const RemovePollWorkerSchema = z.object({ userId: requiredText(40) })
export const DeviceLabelSchema = z.object({ label: requiredText(60) })
export const RevokeDeviceSchema = z.object({ deviceId: requiredText(40) })
export const EnrolDeviceSchema = z.object({ code: requiredText(20) })
// The booth (issue #16.12): leaving booth state needs the poll worker's password again.
export const UnlockBoothSchema = z.object({ password: requiredText(200) })

// A tracking code (16 letters, dashes) or a Belenios ballot tracker (43 base64 characters).
export const VerifyQuerySchema = z.object({ code: z.string().trim().max(64).optional().catch(undefined) })

// The commission's trustee ceremony (issue #20): members named from the commission, k optional
// (default: a majority); a member's upload is one public message of belenios-tool's output.
export const StartCeremonySchema = z.object({
  members: z.array(z.string().min(1).max(40)).min(1, 'required').max(64),
  threshold: z
    .string()
    .trim()
    .regex(/^\d{0,2}$/, 'invalid_value')
    .transform((v) => (v === '' ? undefined : Number(v)))
    .optional(),
})
export const TRUSTEE_MESSAGE_MAX = 300_000
export const TrusteeUploadSchema = z.object({
  message: z.string().trim().min(1, 'required').max(TRUSTEE_MESSAGE_MAX, 'too_long'),
})
// A member's partial decryption of one archive at the count (issue #20 item 3): the archive's
// uuid and the line belenios-tool (or the member's browser) printed.
export const TrusteeDecryptionSchema = z.object({
  uuid: z.string().trim().min(1, 'required').max(64, 'invalid_value'),
  message: z.string().trim().min(1, 'required').max(TRUSTEE_MESSAGE_MAX, 'too_long'),
})
