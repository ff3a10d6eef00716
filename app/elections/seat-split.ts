import { SEGMENTS, type Segment } from '../../db/schema'
import { civilSocietyAlternates, type Composition } from '../council/composition'

// How a CMI election shares the council's civil-society seats (issue #17): seats per segment plus
// seats for the most voted overall, and alternates per segment. The split is chosen per election
// (2018: 2 per segment + the 2 most voted overall; 2025: 3 in A, 2 in B …); what it must respect is
// the body's composition: the seats add up to its civil-society seats, and the alternates are at
// most the alternates those seats carry. Pure, so the form and the domain agree.

export type PerSegment = Record<Segment, number>
export type SeatSplit = { seats: PerSegment; overallSeats: number; alternates: PerSegment }

/** `total` shared as evenly as the segments allow, the first segments taking the remainder. */
function evenly(total: number): PerSegment {
  const base = Math.floor(total / SEGMENTS.length)
  const rest = total - base * SEGMENTS.length
  return Object.fromEntries(SEGMENTS.map((s, i) => [s, base + (i < rest ? 1 : 0)])) as PerSegment
}

/**
 * The split a new election starts from. Without `overallSeats`, the 2018 rule: a quarter of the
 * civil-society seats per segment and the rest to the most voted overall (8 → 2 + 2 + 2 and 2).
 * The alternates the seats carry are shared evenly over the segments (8 → 3, 3, 2): the overall
 * seats' alternates come from the segments' rankings.
 */
export function defaultSplit(composition: Composition, overallSeats?: number): SeatSplit {
  const civil = composition.civilSocietySeats
  const overall = Math.min(civil, overallSeats ?? civil - SEGMENTS.length * Math.floor(civil / 4))
  return {
    seats: evenly(civil - overall),
    overallSeats: overall,
    alternates: evenly(civilSocietyAlternates(composition)),
  }
}

export type SplitError =
  | { error: 'seats_do_not_add_up'; field: 'seatSplit' }
  | { error: 'too_many_alternates'; field: 'alternateSplit' }

const sum = (p: PerSegment) => SEGMENTS.reduce((n, s) => n + p[s], 0)

/** Why a split does not fit the body's composition, or null when it does. */
export function splitError(split: SeatSplit, composition: Composition): SplitError | null {
  if (sum(split.seats) + split.overallSeats !== composition.civilSocietySeats)
    return { error: 'seats_do_not_add_up', field: 'seatSplit' }
  if (sum(split.alternates) > civilSocietyAlternates(composition))
    return { error: 'too_many_alternates', field: 'alternateSplit' }
  return null
}
