import { z } from 'zod'
import { ANSWER_KINDS } from '../../db/schema'
import {
  language,
  oneOf,
  optionalText,
  requiredLocalDateTime,
  requiredText,
  text,
  wholeNumber,
} from '../lib/fields.server'

// Targets come from one <select multiple> / <select> as "action:<id>" or "campaign:<id>".
const target = z
  .string()
  .regex(/^(action|campaign):[A-Za-z0-9._-]{1,80}$/, 'choose_option')
  .transform((v) => {
    const [kind, id] = v.split(':') as ['action' | 'campaign', string]
    return { kind, id }
  })

export const ConsultationSchema = z.object({
  title: requiredText(200),
  summary: requiredText(1000),
  draft: requiredText(100_000),
  opensAt: requiredLocalDateTime,
  closesAt: requiredLocalDateTime,
  minAccountAgeDays: wholeNumber(0, 365),
})

/** The targets <select multiple>, read as a list (formObject's `lists`); empty choices ignored. */
export const TargetsSchema = z
  .array(z.string(), { invalid_type_error: 'choose_option' })
  .max(200, 'choose_option')
  .transform((values) => values.filter((v) => v !== ''))
  .pipe(z.array(target))

/** Multi-valued fields (targets) are read with getAll, outside the one-value-per-field parse. */
export function parseTargets(values: FormDataEntryValue[]) {
  const parsed = values
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .map((v) => target.safeParse(v))
  return parsed.every((p) => p.success)
    ? {
        ok: true as const,
        targets: parsed.map((p) => (p as { data: { kind: 'action' | 'campaign'; id: string } }).data),
      }
    : { ok: false as const }
}

export const ContributionSchema = z.object({
  body: requiredText(4000),
  language,
  parentId: optionalText(40),
})

export const EditSchema = z.object({ contributionId: requiredText(40), body: requiredText(4000) })
export const ReportSchema = z.object({ contributionId: requiredText(40), reason: requiredText(500) })
export const HideSchema = z.object({ contributionId: requiredText(40), reason: requiredText(500) })

export const AnswerSchema = z.object({
  contributionId: requiredText(40),
  answer: oneOf(ANSWER_KINDS),
  text: requiredText(4000),
  target: z
    .union([z.literal(''), target])
    .optional()
    .transform((v) => (v ? v : undefined)),
  note: optionalText(500),
})

export const QuestionSchema = z.object({
  kind: oneOf(['single', 'multiple', 'text'] as const),
  prompt: requiredText(500),
  options: text(2000)
    .optional()
    .transform((v) =>
      (v ?? '')
        .split('\n')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
})

export const StatusSchema = z.object({ to: oneOf(['open', 'closed', 'answered'] as const) })
export const TranslationLanguageSchema = oneOf(['es', 'en', 'fr', 'ht', 'ar', 'zh'] as const)

/** A translation of a whole consultation; section headings and paragraphs come as prefixed fields. */
export const TranslationSchema = z.object({
  language: TranslationLanguageSchema,
  title: z
    .string()
    .default('')
    .transform((v) => v.slice(0, 200)),
  summary: z
    .string()
    .default('')
    .transform((v) => v.slice(0, 1000)),
  sections: z
    .record(z.string())
    .transform((r) =>
      Object.entries(r).map(([sectionId, text]) => ({ sectionId, text: text.slice(0, 200) })),
    ),
  paragraphs: z
    .record(z.string())
    .transform((r) =>
      Object.entries(r).map(([paragraphId, text]) => ({ paragraphId, text: text.slice(0, 20_000) })),
    ),
})
