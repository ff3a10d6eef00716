import { z } from 'zod'
import { CONFERENCE_PHASES, PROPOSAL_STATUSES } from '../../db/schema'
import { parseDate } from '../lib/dates'
import {
  choice,
  isoDate,
  language,
  oneOf,
  optionalText,
  requiredText,
  wholeNumber,
} from '../lib/fields.server'
import type { NewEdition } from './editions.server'
import { PREPARATORY_KINDS, PROPOSAL_ORIGINS } from './rules'

// Messages are validation-namespace keys (see app/lib/forms.ts).
const count = wholeNumber
const date = isoDate

export const ProposalSchema = z.object({
  axisId: choice,
  title: requiredText(200),
  body: requiredText(5000),
  justification: optionalText(3000),
  language,
  coauthors: optionalText(500),
  preparatoryId: optionalText(40),
})

export const CommentSchema = z.object({ body: requiredText(2000) })

/** The form of a new edition, read into what `createEdition` takes. */
export const NewEditionSchema = z
  .object({
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
  .transform((d): Omit<NewEdition, 'actorUserId'> => ({
    title: Object.fromEntries(
      Object.entries({ 'pt-BR': d['title_pt-BR'], es: d.title_es, en: d.title_en }).filter(([, v]) => v),
    ),
    motto: d['motto_pt-BR'] ? { 'pt-BR': d['motto_pt-BR'] } : {},
    startsOn: d.startsOn ? (parseDate(d.startsOn) ?? undefined) : undefined,
    endsOn: d.endsOn ? (parseDate(d.endsOn) ?? undefined) : undefined,
    votesPerAxis: d.votesPerAxis,
    approvalThreshold: d.approvalThresholdPct / 100,
    delegateQuota: d.delegateQuota,
    crossCutting: (d.crossCutting ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 10),
  }))

const optionalDate = (raw: Record<string, unknown>, key: string) => {
  const v = String(raw[key] ?? '').trim()
  return v && !parseDate(v) ? 'date_invalid' : undefined
}

/** Dates are optional, but a date typed wrong is reported with the other fields (see parseForm). */
export const NewEditionChecks = {
  startsOn: (raw: Record<string, unknown>) => optionalDate(raw, 'startsOn'),
  endsOn: (raw: Record<string, unknown>) => optionalDate(raw, 'endsOn'),
}

export const AdvanceSchema = z.object({ to: oneOf(CONFERENCE_PHASES) })

export const PreparatorySchema = z.object({
  kind: oneOf(PREPARATORY_KINDS),
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
  // Read as a list (checkbox group); a longer list is cut rather than refused, as before.
  proposalIds: z.array(z.string()).transform((ids) => ids.slice(0, 200)),
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
  axis: z.string().max(100).optional().catch(undefined),
  origin: z.enum(PROPOSAL_ORIGINS).optional().catch(undefined),
  status: z.enum(PROPOSAL_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export const PriorityVoteSchema = z.object({ proposalId: z.string().min(1).max(40) })
