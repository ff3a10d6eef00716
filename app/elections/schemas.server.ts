import { z } from 'zod'
import { ELECTION_PHASES } from '../../db/schema'
import { LANGUAGES } from '../i18n/config'
import {
  language,
  optionalLocalDateTime,
  optionalText,
  requiredText,
  text,
  wholeNumber,
} from '../lib/fields.server'
import { parseShareSteps } from './seats'

export { parseShareSteps }

// Messages are validation-namespace keys (see app/lib/forms.ts).
const count = (max: number) => wholeNumber(0, max)

const i18nFields = Object.fromEntries(
  LANGUAGES.flatMap((l) => [
    [`title_${l}`, optionalText(200)],
    [`description_${l}`, optionalText(4000)],
  ]),
)

export const NewElectionSchema = z.object({
  body: z.enum(['cmi', 'cpm'], { errorMap: () => ({ message: 'choose_option' }) }),
  ...i18nFields,
  'title_pt-BR': requiredText(200),
  seatsA: count(30),
  seatsB: count(30),
  seatsC: count(30),
  minSeats: count(10),
  shareSteps: text(200).refine((v) => parseShareSteps(v) !== null, 'share_steps_invalid'),
  alternates: count(10),
  parity: z.literal('yes').optional(),
  overallSeats: count(10),
  drawSeed: requiredText(200),
})

export const AdvanceSchema = z.object({
  to: z.enum(ELECTION_PHASES, { errorMap: () => ({ message: 'choose_option' }) }),
  gazetteReference: optionalText(300),
})

const localDateTime = optionalLocalDateTime

export const CalendarSchema = z.object({
  candidacyDeadline: localDateTime,
  votingStarts: localDateTime,
  votingEnds: localDateTime,
})

export const DecideCandidacySchema = z
  .object({
    candidacyId: requiredText(40),
    decision: z.enum(['accept', 'reject'], { errorMap: () => ({ message: 'choose_option' }) }),
    reason: optionalText(1000),
  })
  .refine((v) => v.decision === 'accept' || Boolean(v.reason), { message: 'required', path: ['reason'] })

export const ApplySchema = z.object({
  contestId: requiredText(40).pipe(z.string().min(1, 'choose_option')),
  kind: z.enum(['person', 'organisation'], { errorMap: () => ({ message: 'choose_option' }) }),
  organisationName: optionalText(200),
  statement: requiredText(3000),
  statementLanguage: language,
  checkEligible: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
  checkRules: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
  checkPublic: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
})

export const applyCrossChecks = {
  organisationName: (raw: Record<string, unknown>) =>
    raw.kind === 'organisation' && !String(raw.organisationName ?? '').trim() ? 'required' : undefined,
}

export const AppealSchema = z.object({ candidacyId: requiredText(40), text: requiredText(3000) })
export const WithdrawSchema = z.object({
  candidacyId: requiredText(40),
  confirm: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
})
export const RepresentativeSchema = z.object({ candidacyId: requiredText(40), name: requiredText(200) })
export const TranslateSchema = z.object({ candidacyId: requiredText(40), language, text: requiredText(3000) })

export const FindVoterSchema = z.object({ q: text(60).optional() })
export const OpenBoothSchema = z.object({
  registrationId: requiredText(40),
  documentChecked: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
})

export const VerifyQuerySchema = z.object({ code: z.string().trim().max(40).optional().catch(undefined) })
