import { z } from 'zod'
import { ANSWER_KINDS, CONSULTATION_STATUSES, QUESTION_KINDS } from '../../db/schema'
import {
  language,
  oneOf,
  optionalText,
  requiredLocalDateTime,
  requiredText,
  stripControlCharacters,
  text,
  wholeNumber,
} from '../lib/fields.server'

// Targets come from one <select multiple> / <select> as "action:<id>" or "campaign:<id>".
const target = z
  .string()
  .regex(/^(action|campaign):[\w.-]{1,80}$/, 'choose_option')
  .transform((v) => {
    const [kind, id] = v.split(':') as ['action' | 'campaign', string]
    return { kind, id }
  })

/** The targets <select multiple>, read as a list (formObject's `lists`); empty choices ignored. */
const TargetsSchema = z
  .array(z.string(), { invalid_type_error: 'choose_option' })
  .max(200, 'choose_option')
  .transform((values) => values.filter((v) => v !== ''))
  .pipe(z.array(target))

/** The authoring form (new consultation, revised draft); `targets` needs the shape `{ lists: ['targets'] }`. */
export const ConsultationSchema = z.object({
  title: requiredText(200),
  summary: requiredText(1000),
  draft: requiredText(100_000),
  opensAt: requiredLocalDateTime,
  closesAt: requiredLocalDateTime,
  minAccountAgeDays: wholeNumber(0, 365),
  targets: TargetsSchema,
})

export const ContributionSchema = z.object({
  body: requiredText(4000),
  language,
  parentId: optionalText(40),
})

/** A per-row form that only names the contribution it acts on (support, keep). */
export const ContributionRefSchema = z.object({ contributionId: requiredText(40) })
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
  kind: oneOf(QUESTION_KINDS),
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

// Nothing moves back to a draft (app/consultations/status.ts has the one next step).
export const StatusSchema = z.object({ to: oneOf(CONSULTATION_STATUSES).exclude(['draft']) })
/** Translations are of the official pt-BR text into the other languages. */
export const TranslationLanguageSchema = language.exclude(['pt-BR'])

/**
 * Answers to the consultation's questions, `q_<questionId>` fields read as lists (a multiple-choice
 * question sends one value per ticked box): the shape `{ listMaps: { answers: 'q_' } }`. Which
 * question exists and which options it has is the domain's to check.
 */
export const AnswersSchema = z.object({
  answers: z.record(z.array(z.string().transform((v) => stripControlCharacters(v.slice(0, 2000))))),
})

/** A translation of a whole consultation; section headings and paragraphs come as prefixed fields. */
export const TranslationSchema = z.object({
  language: TranslationLanguageSchema,
  title: z
    .string()
    .default('')
    .transform((v) => stripControlCharacters(v.slice(0, 200))),
  summary: z
    .string()
    .default('')
    .transform((v) => stripControlCharacters(v.slice(0, 1000))),
  sections: z.record(z.string()).transform((r) =>
    Object.entries(r).map(([sectionId, text]) => ({
      sectionId,
      text: stripControlCharacters(text.slice(0, 200)),
    })),
  ),
  paragraphs: z.record(z.string()).transform((r) =>
    Object.entries(r).map(([paragraphId, text]) => ({
      paragraphId,
      text: stripControlCharacters(text.slice(0, 20_000)),
    })),
  ),
})
