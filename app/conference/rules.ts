import { CONFERENCE_PHASES, type ConferencePhase, type ProposalStatus } from '../../db/schema'

// What each phase of an edition allows. Pure, so the pages that offer an action and the commands
// that accept it read the same rule.

export const PROPOSAL_ORIGINS = ['online', 'preparatory', 'systematisation'] as const
export const PREPARATORY_KINDS = ['regional', 'free'] as const

export const nextConferencePhase = (phase: ConferencePhase): ConferencePhase | null =>
  CONFERENCE_PHASES[CONFERENCE_PHASES.indexOf(phase) + 1] ?? null

/** Supports and comments: while proposals are written and while they are systematised. */
export const isDebateOpen = (phase: ConferencePhase) =>
  phase === 'proposals_open' || phase === 'systematisation'

/** Preparatory conferences are held before and while proposals are open. */
export const acceptsPreparatory = (phase: ConferencePhase) =>
  phase === 'preparation' || phase === 'proposals_open'

/** Delegates can be accredited until the final report freezes the outcome. */
export const acceptsAccreditation = (phase: ConferencePhase) => phase !== 'final_report'

/** The secretariat decides on a proposal during systematisation, unless it went into a merge. */
export const isSystematisable = (phase: ConferencePhase, status: ProposalStatus) =>
  phase === 'systematisation' && status !== 'merged'
