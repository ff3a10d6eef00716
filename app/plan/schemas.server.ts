import { z } from 'zod'
import { CAMPAIGN_STATUSES, CAMPAIGN_THEMES, PLAN_STATUSES } from '../../db/schema'
import {
  isoDate,
  oneOf,
  optionalHttpUrl,
  optionalIsoDate,
  optionalText,
  requiredText,
  wholeNumber,
} from '../lib/fields.server'
import { parseNumber } from './progress'

const date = isoDate
const optionalDate = optionalIsoDate
const number = z
  .string({ required_error: 'required' })
  .trim()
  .min(1, 'required')
  .transform((v, ctx) => {
    const n = parseNumber(v)
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: 'number_invalid' })
      return z.NEVER
    }
    return n
  })
const httpUrl = optionalHttpUrl

export const UpdateSchema = z.object({
  referenceDate: date,
  value: number,
  status: oneOf(PLAN_STATUSES),
  evidence: requiredText(2000),
  evidenceUrl: httpUrl,
})

export const ReviewSchema = z
  .object({
    updateId: requiredText(40),
    decision: oneOf(['publish', 'return'] as const),
    note: optionalText(1000),
  })
  .refine((v) => v.decision === 'publish' || Boolean(v.note), { message: 'required', path: ['note'] })

export const ImportSchema = z.object({
  title: requiredText(200),
  legalBasis: optionalText(200),
  startsYear: wholeNumber(2000, 2100),
  endsYear: wholeNumber(2000, 2100),
})

export const CampaignSchema = z.object({
  title: requiredText(200),
  summary: optionalText(2000),
  theme: oneOf(CAMPAIGN_THEMES),
  year: wholeNumber(2000, 2100),
  startsOn: optionalDate,
  endsOn: optionalDate,
  status: oneOf(CAMPAIGN_STATUSES),
  channels: optionalText(300),
})

export const CampaignStatusSchema = z.object({ status: oneOf(CAMPAIGN_STATUSES) })
export const MaterialSchema = z.object({
  label: requiredText(200),
  url: z
    .string()
    .trim()
    .max(500, 'too_long')
    .regex(/^https?:\/\/\S+$/i, 'url_invalid'),
  language: optionalText(10),
})
export const LinkProposalSchema = z.object({ proposalId: requiredText(40), note: optionalText(500) })
export const EditionStatusSchema = z.object({
  editionId: requiredText(40),
  to: oneOf(['in_force', 'concluded'] as const),
})
export const CampaignActionSchema = z.object({ actionId: requiredText(80) })
