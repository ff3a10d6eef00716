import { z } from 'zod'
import { PROPOSAL_STATUSES } from '../../db/schema'
import { LANGUAGES } from '../i18n/config'
import { choice, isoDate, optionalText, requiredText, wholeNumber } from '../lib/fields.server'

// Messages are validation-namespace keys (see app/lib/forms.ts).
const count = wholeNumber
const date = isoDate

export const ProposalSchema = z.object({
  axisId: choice,
  title: requiredText(200),
  body: requiredText(5000),
  justification: optionalText(3000),
  language: z.enum(LANGUAGES, { errorMap: () => ({ message: 'choose_option' }) }),
  coauthors: optionalText(500),
  preparatoryId: optionalText(40),
})

export const CommentSchema = z.object({ body: requiredText(2000) })

export const NewEditionSchema = z.object({
  'title_pt-BR': requiredText(200),
  title_es: optionalText(200),
  title_en: optionalText(200),
  'motto_pt-BR': optionalText(200),
  startsOn: optionalText(20),
  endsOn: optionalText(20),
  votesPerAxis: count(1, 50),
  approvalThresholdPct: count(1, 100),
  delegateQuota: count(0, 500),
  crossCutting: optionalText(1000),
})

export const PreparatorySchema = z.object({
  kind: z.enum(['regional', 'free'], { errorMap: () => ({ message: 'choose_option' }) }),
  name: requiredText(200),
  organiser: requiredText(200),
  heldOn: date,
  place: requiredText(200),
  attendance: count(0, 100_000),
  delegateQuota: z
    .union([z.literal(''), count(0, 500)])
    .optional()
    .transform((v) => (v === '' || v === undefined ? undefined : v)),
})

export const AccreditSchema = z.object({ identifier: requiredText(200), preparatoryId: optionalText(40) })

export const MergeSchema = z.object({
  axisId: choice,
  title: requiredText(200),
  body: requiredText(5000),
  justification: optionalText(3000),
})

export const DecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('reject'), reason: requiredText(1000) }),
  z.object({ intent: z.literal('motion') }),
  z.object({ intent: z.literal('keep') }),
  z.object({
    intent: z.literal('edit'),
    title: requiredText(200),
    body: requiredText(5000),
    justification: optionalText(3000),
  }),
])

export const ProposalFiltersSchema = z.object({
  axis: z.string().max(40).optional().catch(undefined),
  origin: z.enum(['online', 'preparatory', 'systematisation']).optional().catch(undefined),
  status: z.enum(PROPOSAL_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export const PriorityVoteSchema = z.object({ proposalId: z.string().min(1).max(40) })
