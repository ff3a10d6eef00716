import { z } from 'zod'
import { LANGUAGES, type Language } from '../i18n/config'
import { textareaText } from '../lib/fields.server'
import { findGuide, GUIDE_SLUGS } from './guides'
import { MAX_REVIEW_NOTE_LENGTH } from './limits'

// Input of the easy-read review pages (issue #19, ADR 026 "Review"). The params name a language and
// a guide; anything else is a 404.

export const ReviewParamsSchema = z.object({
  lng: z.enum(LANGUAGES as unknown as [Language, ...Language[]]),
  guide: z
    .string()
    .max(40)
    .refine((slug) => GUIDE_SLUGS.includes(slug))
    .transform((slug) => findGuide(slug)!),
})

/** The fingerprint of the text the reviewer read, sent back with the decision. */
const shownText = z.string({ required_error: 'invalid_value' }).regex(/^[0-9a-f]{8}$/, 'invalid_value')

export const ApproveSchema = z.object({ fingerprint: shownText })

export const RequestChangesSchema = z.object({
  fingerprint: shownText,
  note: textareaText(MAX_REVIEW_NOTE_LENGTH),
})
