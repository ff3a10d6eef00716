// A council body's composition (issue #17): how many full members it has, how many of them the
// city appoints and how many civil society elects, and how many alternates each full member has.
// Stored per body (council_bodies); these are the real CMI's numbers (Decree 57,533/2016), used
// when no body is recorded yet and as the defaults of a new one.

export type Composition = {
  seats: number
  governmentSeats: number
  civilSocietySeats: number
  alternatesPerSeat: number
}

/** The CMI: 16 full members and 16 alternates, 8 government and 8 civil society. */
export const CMI_COMPOSITION: Composition = {
  seats: 16,
  governmentSeats: 8,
  civilSocietySeats: 8,
  alternatesPerSeat: 1,
}

/** The composition a new body gets: a CMI plenary half and half, any other body all civil society. */
export function defaultComposition(kind: string, seats: number): Composition {
  const government = kind === 'cmi_plenary' ? Math.floor(seats / 2) : 0
  return { seats, governmentSeats: government, civilSocietySeats: seats - government, alternatesPerSeat: 1 }
}

/** How many alternates civil society's seats carry (the most an election of the body may elect). */
export const civilSocietyAlternates = (c: Composition) => c.civilSocietySeats * c.alternatesPerSeat

export const compositionOf = (row: {
  seats: number
  government_seats: number
  civil_society_seats: number
  alternates_per_seat: number
}): Composition => ({
  seats: row.seats,
  governmentSeats: row.government_seats,
  civilSocietySeats: row.civil_society_seats,
  alternatesPerSeat: row.alternates_per_seat,
})
