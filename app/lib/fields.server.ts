import { z } from 'zod'
import { LANGUAGES } from '../i18n/config'
import { stripControlCharacters } from './control-characters'
import { fromLocalInput, parseDate } from './dates'

export { stripControlCharacters }

// Zod field builders shared by every feature's form schemas. Messages are validation-namespace
// keys (see app/lib/forms.ts), so every error reaches the person translated.

/** Free text: at most `max` characters (checked first, on the text as sent), trimmed, no control characters. */
export const text = (max: number) =>
  z
    .string({ required_error: 'required', invalid_type_error: 'invalid_value' })
    .trim()
    .max(max, 'too_long')
    .transform((v) => stripControlCharacters(v).trim())
export const requiredText = (max: number) => text(max).pipe(z.string().min(1, 'required'))
/**
 * Text typed in a textarea, limited as the textarea's `maxlength` counts: a line break is one
 * character there, but a form sends it as CR LF. Without this, text the browser let
 * through at the limit (with line breaks) would come back as too long.
 */
export const textareaText = (max: number) =>
  z
    .string({ required_error: 'required', invalid_type_error: 'invalid_value' })
    .transform((value) => value.replace(/\r\n?/g, '\n'))
    .pipe(requiredText(max))

export const optionalText = (max: number) =>
  text(max)
    .optional()
    .transform((v) => (v ? v : undefined))
export const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'number_invalid' })
    .int('number_invalid')
    .min(min, 'number_invalid')
    .max(max, 'number_invalid')
export const choice = z
  .string({ required_error: 'choose_option', invalid_type_error: 'choose_option' })
  .trim()
  .min(1, 'choose_option')
  .max(40, 'choose_option')
export const language = z.enum(LANGUAGES, { errorMap: () => ({ message: 'choose_option' }) })
/** One of `values`, or nothing (an empty choice is undefined). */
export const optionalOneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.literal(''), oneOf(values)], { errorMap: () => ({ message: 'choose_option' }) })
    .optional()
    .transform((v) => (v ? v : undefined))
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: 'choose_option' }) })

// <input type="datetime-local"> values are wall-clock time on the council's clock (TIME_ZONE).
const toInstant = (v: string) => fromLocalInput(v)

export const optionalLocalDateTime = z
  .string({ invalid_type_error: 'invalid_value' })
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined
    const instant = toInstant(v)
    if (!instant) {
      ctx.addIssue({ code: 'custom', message: 'date_invalid' })
      return z.NEVER
    }
    return instant
  })

export const requiredLocalDateTime = z
  .string({ required_error: 'required', invalid_type_error: 'invalid_value' })
  .trim()
  .min(1, 'required')
  .transform((v, ctx) => {
    const instant = toInstant(v)
    if (!instant) {
      ctx.addIssue({ code: 'custom', message: 'date_invalid' })
      return z.NEVER
    }
    return instant
  })

/** A web address (http or https only: no javascript: or data: links on a public page); optional. */
export const optionalHttpUrl = z
  .string()
  .trim()
  .max(500, 'too_long')
  .refine((v) => v === '' || /^https?:\/\/\S+$/i.test(v), 'url_invalid')
  .optional()
  .transform((v) => (v ? v : undefined))

/** A calendar date typed as YYYY-MM-DD or DD/MM/YYYY, normalised to YYYY-MM-DD. */
export const isoDate = z
  .string({ required_error: 'required' })
  .trim()
  .min(1, 'required')
  .transform((v, ctx) => {
    const parsed = parseDate(v)
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: 'date_invalid' })
      return z.NEVER
    }
    return parsed
  })
export const optionalIsoDate = z
  .union([z.literal(''), isoDate])
  .optional()
  .transform((v) => (v ? v : undefined))
