import { z } from 'zod'
import { POLLING_METHODS } from '../../db/schema'
import type { FormShape } from '../lib/form-object'
import { language, oneOf, requiredText, text } from '../lib/fields.server'
import type { PollingPlaceInput } from './polling-places.server'

// Forms of the polling places and paper counts (issue #17). Messages are validation-namespace keys.

const time = z
  .string({ required_error: 'required', invalid_type_error: 'invalid_value' })
  .trim()
  .min(1, 'required')
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time_invalid')

/** The subprefectures served are checkboxes: read as a list. */
export const PLACE_SHAPE: FormShape = { lists: ['subprefectures'] }

export const PlaceSchema = z
  .object({
    name: requiredText(200),
    address: requiredText(300),
    textLanguage: language,
    opensAt: time,
    closesAt: time,
    method: oneOf(POLLING_METHODS),
    subprefectures: z
      .array(z.string().regex(/^\d{1,4}$/, 'choose_option'), { invalid_type_error: 'choose_option' })
      .min(1, 'choose_option')
      .max(40, 'choose_option'),
  })
  .transform((d): PollingPlaceInput => ({
    name: d.name,
    address: d.address,
    textLanguage: d.textLanguage,
    opensAt: d.opensAt,
    closesAt: d.closesAt,
    method: d.method,
    subprefectureIds: d.subprefectures.map(Number),
  }))

/** Reported with the field errors: a place closes after it opens (same-day hours, 'HH:MM'). */
export const placeCrossChecks = {
  closesAt: (raw: Record<string, unknown>) => {
    const [opens, closes] = [String(raw.opensAt ?? '').trim(), String(raw.closesAt ?? '').trim()]
    return /^\d\d:\d\d$/.test(opens) && /^\d\d:\d\d$/.test(closes) && closes <= opens
      ? 'closes_before_opens'
      : undefined
  },
}

export const PlaceIdSchema = z.object({ placeId: requiredText(40) })
export const UpdatePlaceSchema = z.object({ placeId: requiredText(40) }).and(PlaceSchema)

export const AssignWorkerSchema = z.object({
  userId: requiredText(40),
  placeId: text(40).transform((v) => v || null),
})

/** The count grid: `n_<line key>` fields, read as one map; each number is checked by the domain. */
export const PAPER_COUNT_SHAPE: FormShape = { maps: { counts: 'n_' } }
export const PaperCountSchema = z.object({
  counts: z.record(z.string().max(200), z.string().max(20, 'number_invalid')),
})
