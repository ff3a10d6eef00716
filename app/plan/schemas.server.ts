import { z } from 'zod'
import { CAMPAIGN_STATUSES, CAMPAIGN_THEMES, PLAN_STATUSES, THEMATIC_AXES } from '../../db/schema'
import { isLanguage, LANGUAGES } from '../i18n/config'
import {
  isoDate,
  oneOf,
  optionalHttpUrl,
  optionalIsoDate,
  optionalOneOf,
  optionalText,
  requiredText,
  wholeNumber,
} from '../lib/fields.server'
import { TOO_LARGE } from '../lib/uploads.server'
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

export const MAX_CSV_BYTES = 2 * 1024 * 1024

/**
 * The matrix file. Over MAX_CSV_BYTES (or over the upload limit, when it arrives as TOO_LARGE) it
 * is refused as too large, saying the limit — never as "empty" (#16.18).
 */
const csvFile = z.unknown().transform((v, ctx) => {
  if (v === TOO_LARGE || (v instanceof Blob && v.size > MAX_CSV_BYTES)) {
    ctx.addIssue({ code: 'custom', message: 'csv_too_large' })
    return z.NEVER
  }
  if (!(v instanceof Blob) || v.size === 0) {
    ctx.addIssue({ code: 'custom', message: 'file_empty' })
    return z.NEVER
  }
  return v
})

export const ImportSchema = z.object({
  title: requiredText(200),
  legalBasis: optionalText(200),
  startsYear: wholeNumber(2000, 2100),
  endsYear: wholeNumber(2000, 2100),
  file: csvFile,
})

// Languages are ticked boxes (read as a list): values that are not languages of the site are
// dropped. Channels are typed freely, "rádio, redes; cartazes", and kept as a list of words.
export const CampaignSchema = z.object({
  title: requiredText(200),
  summary: optionalText(2000),
  theme: oneOf(CAMPAIGN_THEMES),
  year: wholeNumber(2000, 2100),
  startsOn: optionalDate,
  endsOn: optionalDate,
  status: oneOf(CAMPAIGN_STATUSES),
  languages: z
    .array(z.string())
    .transform((list) => list.filter(isLanguage))
    .refine((list) => list.length > 0, 'choose_option'),
  channels: optionalText(300).transform((v) => (v ?? '').split(/[\s,;]+/).filter(Boolean)),
})

export const CampaignStatusSchema = z.object({ status: oneOf(CAMPAIGN_STATUSES) })
export const MaterialSchema = z.object({
  label: requiredText(200),
  url: z
    .string()
    .trim()
    .max(500, 'too_long')
    .regex(/^https?:\/\/\S+$/i, 'url_invalid'),
  language: optionalOneOf(LANGUAGES),
})
export const LinkProposalSchema = z.object({ proposalId: requiredText(40), note: optionalText(500) })
export const EditionStatusSchema = z.object({
  editionId: requiredText(40),
  to: oneOf(['in_force', 'concluded'] as const),
})
export const CampaignActionSchema = z.object({ actionId: requiredText(80) })

const firstOf = <T extends string>(values: readonly T[]) =>
  z.preprocess((v) => ((values as readonly unknown[]).includes(v) ? v : undefined), z.custom<T>().optional())
const cut = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v ? v.slice(0, max) : undefined), z.string().optional())

const ActionFiltersSchema = z
  .object({
    axis: firstOf(THEMATIC_AXES),
    body: cut(40),
    status: firstOf([...PLAN_STATUSES, 'no_data'] as const),
    q: cut(200),
    page: z.preprocess((v) => Math.max(1, Math.min(1000, Number(v) || 1)), z.number()),
  })
  .transform(({ body, ...filters }) => ({ ...filters, bodyId: body }))

/** The filters of the public list of actions (?axis=&body=&status=&q=&page=): anything unknown is ignored. */
export function actionFilters(params: URLSearchParams) {
  const keys = ['axis', 'body', 'status', 'q', 'page'] as const
  return ActionFiltersSchema.parse(Object.fromEntries(keys.map((k) => [k, params.get(k)])))
}
