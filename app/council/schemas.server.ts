import { z } from 'zod'
import {
  AGENDA_ITEM_KINDS,
  ATTENDANCE_STATUSES,
  CONVOCATION_RESPONSES,
  LEAVE_REASONS,
  MEMBER_ROLES,
  MEMBER_SECTORS,
  SEGMENTS,
  VOTE_CHOICES,
} from '../../db/schema'
import { LANGUAGES } from '../i18n/config'
import {
  isoDate,
  oneOf,
  optionalHttpUrl,
  optionalIsoDate,
  optionalOneOf,
  optionalText,
  requiredLocalDateTime,
  requiredText,
  stripControlCharacters,
  wholeNumber,
} from '../lib/fields.server'

const httpUrl = optionalHttpUrl

export const BodySchema = z
  .object({
    kind: oneOf(['cmi_plenary', 'working_group', 'cpm'] as const),
    name: requiredText(200),
    seats: wholeNumber(1, 200),
    quorumOpenPct: wholeNumber(0, 100),
    quorumDeliberatePct: wholeNumber(0, 100),
    strictOpen: z.literal('yes').optional(),
    strictDeliberate: z.literal('yes').optional(),
    noticeDays: wholeNumber(0, 60),
    extraordinaryNoticeDays: wholeNumber(0, 60),
    resolutionCode: z
      .string()
      .trim()
      .regex(/^[A-Z0-9-]{2,20}$/, 'code_invalid'),
  })
  .transform(({ strictOpen, strictDeliberate, ...body }) => ({
    ...body,
    quorumOpenStrict: strictOpen === 'yes',
    quorumDeliberateStrict: strictDeliberate === 'yes',
  }))

export const MemberSchema = z.object({
  displayName: requiredText(200),
  sector: oneOf(MEMBER_SECTORS),
  segment: optionalOneOf(SEGMENTS),
  organisation: optionalText(200),
  role: oneOf(MEMBER_ROLES),
  alternateFor: optionalText(40),
  termStarts: isoDate,
  termEnds: optionalIsoDate,
})

export const SeatElectedSchema = z.object({ electionId: requiredText(80) })
/** The official result's publication in the gazette: reference and date. */
export const PublicationSchema = z.object({
  electionId: requiredText(80),
  reference: requiredText(300),
  publishedOn: isoDate,
})
export const SwearingInSchema = z.object({ electionId: requiredText(80), on: isoDate })
/** A member leaving before the end of the term: from which day, why, by which act. */
export const DepartureSchema = z.object({
  memberId: requiredText(40),
  on: isoDate,
  reason: oneOf(LEAVE_REASONS),
  act: requiredText(300),
})
export const SuccessionSchema = z.object({ memberId: requiredText(40) })

export const MeetingSchema = z.object({
  kind: oneOf(['ordinary', 'extraordinary'] as const),
  title: requiredText(200),
  startsAt: requiredLocalDateTime,
  place: optionalText(300),
  onlineUrl: httpUrl,
})

export const ItemSchema = z.object({
  title: requiredText(300),
  description: optionalText(3000),
  kind: oneOf(['information', 'deliberation'] as const),
  motion: optionalText(3000),
  approvesMinutesOf: optionalText(40),
})

const MAX_MEMBERS = 1000

/**
 * Fields named `<prefix><memberId>` (the attendance grid, named votes), read by formObject into one
 * object per prefix. Bounded: a body has at most a few hundred members, and a post naming more is
 * not one the page sent.
 */
const perMember = <T extends z.ZodTypeAny>(value: T) =>
  z
    .record(z.string().max(100, 'invalid_value'), value)
    .refine((r) => Object.keys(r).length <= MAX_MEMBERS, 'invalid_value')

/** `att_<memberId>`: present, absent or excused; '' (not known yet) records nothing for that member. */
export const AttendanceSchema = z.object({
  attendance: perMember(oneOf(['', ...ATTENDANCE_STATUSES] as const)).transform((r) =>
    Object.entries(r).flatMap(([memberId, status]) => (status ? [{ memberId, status }] : [])),
  ),
})

/** `v_<memberId>`: each sitting member's vote on the item; members left unticked did not vote. */
export const NamedVoteSchema = z.object({
  itemId: requiredText(40),
  votes: perMember(oneOf(VOTE_CHOICES)).transform((r) =>
    Object.entries(r).map(([memberId, vote]) => ({ memberId, vote })),
  ),
})

export const CountsVoteSchema = z.object({
  itemId: requiredText(40),
  yes: wholeNumber(0, 500),
  no: wholeNumber(0, 500),
  abstain: wholeNumber(0, 500),
})
export const ResolutionSchema = z.object({
  itemId: requiredText(40),
  title: requiredText(300),
  text: requiredText(20_000),
  gazetteReference: optionalText(300),
})
export const GazetteSchema = z.object({ reference: requiredText(300) })
export const MinutesTextSchema = z.object({ text: requiredText(100_000) })
export const ErratumSchema = z.object({ text: requiredText(5000) })

/**
 * Summaries per language (`summary_pt-BR`, `summary_es` …): the official text is Portuguese. Other
 * names are ignored, blank ones dropped, long ones cut (the summary is a courtesy, not the record).
 */
const summaries = z.record(z.unknown()).transform((r) => {
  const out: Record<string, string> = {}
  for (const l of LANGUAGES) {
    const v = r[l]
    if (typeof v === 'string' && v.trim()) out[l] = stripControlCharacters(v.trim().slice(0, 2000)).trim()
  }
  return out
})
/** How the summary fields reach the schemas below (formAction's `shape`). */
export const SUMMARY_FIELDS = { maps: { summary: 'summary_' } } as const
export const SummarySchema = z.object({ summary: summaries })
export const MinutesEditSchema = MinutesTextSchema.extend({ summary: summaries })

// ---- The counsellors' workspace (issue #18) ----

/** An agenda item a member proposes: a short title and an optional explanation. */
export const ProposalSchema = z.object({
  meetingId: requiredText(80),
  title: requiredText(200),
  description: optionalText(2000),
})
export const ConvocationAnswerSchema = z.object({
  meetingId: requiredText(80),
  response: oneOf(CONVOCATION_RESPONSES),
})
export const MinutesCommentSchema = z.object({ meetingId: requiredText(80), text: requiredText(2000) })
export const MonitoringCommentSchema = z.object({
  bodyId: requiredText(80),
  updateId: requiredText(80),
  text: requiredText(2000),
})
/**
 * The secretariat's answer to a proposal; a decline needs a reason, a deliberation a motion (both
 * checked in the domain). Without a kind, an accepted proposal is an information item.
 */
export const ProposalDecisionSchema = z.object({
  proposalId: requiredText(80),
  reason: optionalText(500),
  kind: optionalOneOf(AGENDA_ITEM_KINDS),
  motion: optionalText(3000),
})

// ---- The secretariat's side of the workspace: seats' accounts and followed Plan actions ----

/** Find the account for a seat by its exact e-mail or phone (parsed in the domain, as at sign-in). */
export const SeatLookupSchema = z.object({ memberId: requiredText(80), identifier: requiredText(300) })
/** Link the account found (the confirmation step carries its id and the look-up's signature). */
export const SeatLinkSchema = z.object({
  memberId: requiredText(80),
  userId: requiredText(80),
  sig: optionalText(100),
})
export const SeatUnlinkSchema = z.object({ memberId: requiredText(80) })
export const FollowActionSchema = z.object({ actionId: requiredText(80) })
