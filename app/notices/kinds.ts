// Every kind of notice Mutirão sends, in one place (issue #18). A kind is what a person chooses to
// receive or not (and by which channel); a template is the text of one outcome of a kind (a
// candidacy accepted or rejected). Preferences are stored per kind; the page groups them.

export const NOTICE_GROUPS = {
  registration: ['registration_decided', 'registration_more_info'],
  candidacy: ['candidacy_decided', 'appeal_decided'],
  voting: ['voting_opens_soon', 'voting_opened', 'voting_last_hours', 'results_published'],
  council: ['meeting_convocation', 'minutes_circulated'],
  consultations: ['consultation_answer', 'consultation_closed'],
  conference: ['conference_proposal', 'conference_accreditation'],
} as const

export type NoticeGroup = keyof typeof NOTICE_GROUPS
export type NoticeKind = (typeof NOTICE_GROUPS)[NoticeGroup][number]

export const NOTICE_GROUP_NAMES = Object.keys(NOTICE_GROUPS) as NoticeGroup[]
export const NOTICE_KINDS: readonly NoticeKind[] = NOTICE_GROUP_NAMES.flatMap((g) => NOTICE_GROUPS[g])

/** The texts (locales/<lng>/notices.json `templates.<name>`) and the kind each belongs to. */
export const NOTICE_TEMPLATES = {
  registration_approved: 'registration_decided',
  registration_rejected: 'registration_decided',
  registration_expired: 'registration_decided',
  registration_more_info: 'registration_more_info',
  candidacy_accepted: 'candidacy_decided',
  candidacy_rejected: 'candidacy_decided',
  appeal_upheld: 'appeal_decided',
  appeal_dismissed: 'appeal_decided',
  voting_opens_soon: 'voting_opens_soon',
  voting_opened: 'voting_opened',
  voting_last_hours: 'voting_last_hours',
  results_published: 'results_published',
  meeting_convocation: 'meeting_convocation',
  minutes_circulated: 'minutes_circulated',
  consultation_answer: 'consultation_answer',
  consultation_closed: 'consultation_closed',
  conference_proposal_merged: 'conference_proposal',
  conference_proposal_decided: 'conference_proposal',
  conference_accreditation: 'conference_accreditation',
} as const satisfies Record<string, NoticeKind>

export type NoticeTemplate = keyof typeof NOTICE_TEMPLATES

export function kindOf(template: NoticeTemplate): NoticeKind {
  return NOTICE_TEMPLATES[template]
}

export function groupOf(kind: NoticeKind): NoticeGroup {
  return NOTICE_GROUP_NAMES.find((g) => (NOTICE_GROUPS[g] as readonly string[]).includes(kind))!
}

export function isNoticeGroup(value: unknown): value is NoticeGroup {
  return typeof value === 'string' && (NOTICE_GROUP_NAMES as string[]).includes(value)
}

/** Where a person changes their notices; every message says it. */
export const PREFERENCES_PATH = '/account/notices'
