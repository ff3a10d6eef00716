import { z } from 'zod'
import type { NoticeGroup } from './kinds'

const Channel = z.enum(['email', 'sms', 'none'], { message: 'invalid_channel' })

/** The preferences form: one channel per group of notices; a group left out keeps its choice. */
export const NoticePreferencesSchema = z.object({
  registration: Channel.optional(),
  candidacy: Channel.optional(),
  voting: Channel.optional(),
  council: Channel.optional(),
  consultations: Channel.optional(),
  conference: Channel.optional(),
} satisfies Record<NoticeGroup, z.ZodOptional<typeof Channel>>)
