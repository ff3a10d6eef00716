import { z } from 'zod'
import { LANGUAGES, type Language } from '../i18n/config'
import { requiredText, textareaText } from '../lib/fields.server'
import { translatableField } from './registry.server'
import { MAX_NOTE_LENGTH, MAX_TRANSLATION_LENGTH } from './fields'

// Input of the translators' pages (issue #19). Route params are checked too: they name a language
// and a registry kind, and anything else is a 404.

const language = z.enum(LANGUAGES as unknown as [Language, ...Language[]])

/** The ids the registry's rows carry: random ids (base32) and the demo's (`demo-plan-2021-a4.1.1`). */
export const ENTITY_ID = /^[\w.:-]{1,80}$/
/** A kind of the registry, nothing else (a NUL byte in a param gave a 500 on PostgreSQL). */
const registeredKind = z
  .string()
  .max(100)
  .refine((kind) => translatableField(kind) !== undefined)

export const TextParamsSchema = z.object({
  lng: language,
  kind: registeredKind,
  id: z.string().regex(ENTITY_ID),
})

export const LanguageParamsSchema = z.object({ lng: language })

export const QueueQuerySchema = z.object({
  into: language.optional().catch(undefined),
  kind: registeredKind.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export const SubmitSchema = z.object({
  text: textareaText(MAX_TRANSLATION_LENGTH),
  basis: z.string({ required_error: 'invalid_value' }).regex(/^[0-9a-f]{8}$/, 'invalid_value'),
})

export const PublishSchema = z.object({ submission: requiredText(40) })

export const ReturnSchema = z.object({
  submission: requiredText(40),
  note: textareaText(MAX_NOTE_LENGTH),
})

export const LanguagesSchema = z.object({
  userId: z.string().min(1).max(64),
  languages: z.array(language).max(LANGUAGES.length).default([]),
})
