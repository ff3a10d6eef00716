import { z } from 'zod'
import { NOTICE_GROUP_NAMES, type NoticeGroup } from './kinds'

const Channel = z.enum(['email', 'sms', 'none'], { message: 'invalid_channel' })

/** The preferences form: one channel per group; a group left out keeps its choice. */
export const NoticePreferencesSchema = z.object(
  Object.fromEntries(NOTICE_GROUP_NAMES.map((g) => [g, Channel.optional()])) as Record<
    NoticeGroup,
    z.ZodOptional<typeof Channel>
  >,
)
