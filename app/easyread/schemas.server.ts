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

// A guide opened from one election's page goes back to that page (`?election=<id>`); ids are
// slugs or UUIDs. Anything else is ignored: the link then goes to the general page. Here, not in
// guides.ts: the ballot page's easy-read link loads guides.ts in the browser, and zod (~14 KB gzip)
// must not come with it (issue #22).
export const GuideQuerySchema = z.object({
  election: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/i)
    .optional()
    .catch(undefined),
})
