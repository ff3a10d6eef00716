// Pure rules for terms and succession (issue #17, ADR 016): when a term ends, and which alternate
// takes a seat left empty. Used by the server modules and by the pages, so a rule is written once.

/**
 * The date `months` after an ISO date (YYYY-MM-DD), kept on the same day of the month, or the
 * month's last day when it has no such day (a term sworn in on 31 August ends on 28/29 February).
 */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, last))}`
}

/** A term counted from the swearing-in: the day it ends (the member no longer sits from that day). */
export const termEnd = (swornInOn: string, termMonths: number) => addMonths(swornInOn, termMonths)

/** Serving on a day: started on or before it, not ended by then (the same rule as membersOn). */
export const servingOn = (m: { term_starts: string; term_ends: string | null }, on: string) =>
  m.term_starts <= on && (m.term_ends === null || m.term_ends > on)

/** The swearing-in cannot come before the official result's publication in the gazette. */
export function swearingInRefusal(
  gazettePublishedOn: string | null,
  swornInOn: string,
): 'gazette_not_recorded' | 'before_gazette' | null {
  if (!gazettePublishedOn) return 'gazette_not_recorded'
  return swornInOn < gazettePublishedOn ? 'before_gazette' : null
}

export type SeatHolder = {
  id: string
  role: 'full' | 'alternate'
  segment: string | null
  alternate_for: string | null
  term_starts: string
  term_ends: string | null
  /** The election that seated the member (null for an appointed member). */
  election_id: string | null
  /** Rank among the election's alternates of the same segment/contest (1 = most voted). */
  alternate_rank: number | null
  display_name: string
}

/**
 * Who takes the seat of a full member who left on `on`: for an elected member, the first alternate
 * of the same election and segment (for a CPM, the body is the contest) still serving that day —
 * lowest alternate rank; for an appointed member, their own alternate still serving (the earliest
 * appointed). Null: no alternate left, and the seat stays vacant.
 */
export function successorFor<M extends SeatHolder>(vacated: M, members: readonly M[], on: string): M | null {
  const serving = members.filter((m) => m.role === 'alternate' && m.id !== vacated.id && servingOn(m, on))
  if (vacated.election_id !== null) {
    const ranked = serving
      .filter(
        (m) =>
          m.election_id === vacated.election_id && m.segment === vacated.segment && m.alternate_rank !== null,
      )
      .sort((a, b) => a.alternate_rank! - b.alternate_rank!)
    return ranked[0] ?? null
  }
  const own = serving
    .filter((m) => m.alternate_for === vacated.id)
    .sort(
      (a, b) => a.term_starts.localeCompare(b.term_starts) || a.display_name.localeCompare(b.display_name),
    )
  return own[0] ?? null
}
