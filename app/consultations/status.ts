import type { ConsultationStatus } from '../../db/schema'

// The life of a consultation, written once: the secretariat moves it one step at a time,
// draft → open (published) → closed → answered, and never back. The staff page offers the next
// step and the domain refuses any other. (No zod here: this module reaches the browser.)

const NEXT_STATUS: Record<ConsultationStatus, ConsultationStatus | null> = {
  draft: 'open',
  open: 'closed',
  closed: 'answered',
  answered: null,
}

/** The one status a consultation may move to from `status`; null once it is answered. */
export const nextStatus = (status: ConsultationStatus): ConsultationStatus | null => NEXT_STATUS[status]

/** Official answers are given while contributions can be read and weighed: open or closed. */
export const takesAnswers = (status: ConsultationStatus): boolean => status === 'open' || status === 'closed'

/** The report exists once the consultation has closed: before that the numbers are still moving. */
export const reportReady = (status: ConsultationStatus): boolean =>
  status === 'closed' || status === 'answered'
