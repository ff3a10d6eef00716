import { describe, expect, it } from 'vitest'
import { getConsultation } from '../../../app/consultations/reading.server'
import { consultationReport } from '../../../app/consultations/report.server'
import { attendanceStats, searchArchive } from '../../../app/council/archive.server'
import { membersOn } from '../../../app/council/bodies.server'
import { termSummaries, vacatedSeats } from '../../../app/council/terms.server'
import { rollEntryOfUser } from '../../../app/elections/voting.server'
import { demoLogins, seedDemo } from '../../../db/seed'
import { DEMO_CPM_ELECTION } from '../../../db/seed/elections'
import { DEMO_PHONE_VOTER } from '../../../db/seed/users'
import { DEMO_CMI_BODY, demoTermEnds } from '../../../db/seed/council'
import { DEMO_COUNSELLOR_MEMBER } from '../../../db/seed/counsellors'
import { DEMO_CONSULTATION_ANSWERED, DEMO_CONSULTATION_OPEN } from '../../../db/seed/consultations'
import { createTestDb } from '../../helpers/db'

describe('demo data', () => {
  it('loads once into an empty database, with consultations that read as the README says', async () => {
    const db = await createTestDb()
    // Without the 2024 election's Belenios archive (most of the seed's time; tests/integration/belenios/demo-archive.test.ts has it).
    expect(await seedDemo(db, { verifiableElection: false })).toBe(true)
    expect(await seedDemo(db)).toBe(false)
    const report = (await consultationReport(db, DEMO_CONSULTATION_ANSWERED))!
    expect(report.consultation.status).toBe('answered')
    expect(report.languages.map((l) => l.language).sort()).toEqual(['ar', 'en', 'es', 'fr', 'ht', 'zh'])
    expect(report.changes.map((c) => c.action_code).sort()).toEqual([
      '4.1.2',
      '4.1.2',
      '4.1.2',
      '7.1.1',
      '7.1.1',
    ])
    expect(report.totals.hidden).toBe(1)
    const open = (await getConsultation(db, DEMO_CONSULTATION_OPEN))!
    expect(open.accepting).toBe(new Date() < new Date('2027-03-31T23:00:00.000Z'))
    expect(open.questions).toHaveLength(1)

    // A year of CMI plenary meetings: resolutions numbered 1..n without gaps, minutes approved at
    // the following meeting and published, December's circulated and awaiting approval.
    const numbers = (
      await db.selectFrom('resolutions').select('number').where('year', '=', 2025).orderBy('number').execute()
    ).map((r) => r.number)
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1))
    expect(numbers.length).toBe(10)
    const minutes = await db.selectFrom('minutes').select(['status', 'approved_by_item']).execute()
    expect(minutes.filter((m) => m.status === 'published').every((m) => m.approved_by_item)).toBe(true)
    expect(minutes.filter((m) => m.status === 'circulated')).toHaveLength(1)
    const stats = await attendanceStats(db, DEMO_CMI_BODY)
    expect(stats.find((s) => s.id === 'demo-member-gov-7')).toMatchObject({
      meetings: 6,
      term_ends: '2025-07-01',
    })
    const search = await searchArchive(db, { q: 'xenofobia transporte', page: 1 })
    expect(search.minutes.map((m) => m.meeting_id)).toEqual(['demo-meeting-2025-03'])
    expect(search.resolutions.map((r) => r.code)).toEqual(['Nº 2/CMI/2025'])
  })

  it('shows the CMI plenary’s terms and one succession: a resignation, the first alternate seated', async () => {
    const db = await createTestDb()
    // Without the 2024 election's Belenios archive (most of the seed's time; tests/integration/belenios/demo-archive.test.ts has it).
    await seedDemo(db, { today: new Date('2026-12-04T12:00:00Z'), verifiableElection: false })
    const members = await membersOn(db, { bodyId: DEMO_CMI_BODY, on: '2026-12-04' })
    expect(members.length).toBeGreaterThan(16)
    expect(new Set(members.map((m) => m.term_ends))).toEqual(new Set(['2027-01-15']))
    const seats = await vacatedSeats(db, DEMO_CMI_BODY)
    expect(seats.pending).toEqual([])
    expect(seats.successions).toEqual([
      expect.objectContaining({ on: '2025-08-01', reason: 'resignation', act: 'Portaria 12/2025 — SMDHC' }),
    ])
    const successor = members.find((m) => m.id === 'demo-member-civil-successor')!
    expect(successor).toMatchObject({ role: 'full', term_starts: '2025-08-01' })
    // The successor was the segment's first alternate: that membership ended the same day.
    const before = await membersOn(db, { bodyId: DEMO_CMI_BODY, on: '2025-07-31' })
    expect(before.find((m) => m.council_member_id === successor.council_member_id)?.role).toBe('alternate')
    expect((await termSummaries(db, '2026-12-04'))[DEMO_CMI_BODY]).toMatchObject({
      nextTermEnd: '2027-01-15',
      lastSuccession: { successor: successor.display_name, on: '2025-08-01' },
    })
  })

  it('has sitting members, the counsellor’s seat and meetings ahead whatever day it is seeded', async () => {
    // Seeded after the original term's end (15 January 2027), the demo must not lose its plenary.
    for (const day of ['2027-01-10', '2027-03-01', '2031-12-20']) {
      const db = await createTestDb()
      const today = new Date(`${day}T09:00:00Z`)
      await seedDemo(db, { today, verifiableElection: false })
      const ends = demoTermEnds(today)
      expect(ends.endsWith('-01-15') && ends >= '2027-01-15').toBe(true)
      expect(Date.parse(ends) - today.getTime()).toBeGreaterThan(29 * 86_400_000)
      const members = await membersOn(db, { bodyId: DEMO_CMI_BODY, on: day })
      expect(members.length).toBeGreaterThan(16)
      expect(members.map((m) => m.id)).toContain(DEMO_COUNSELLOR_MEMBER)
      const upcoming = await db
        .selectFrom('meetings')
        .select(['id', 'starts_at', 'title'])
        .where('status', '=', 'convened')
        .where('starts_at', '>', today.toISOString())
        .orderBy('starts_at')
        .execute()
      expect(upcoming.map((m) => m.id)).toEqual(['demo-meeting-2026-12', 'demo-meeting-next'])
      expect(upcoming[0].title).toContain(upcoming[0].starts_at.slice(0, 4))
      await db.destroy()
    }
    expect(demoTermEnds(new Date('2026-12-04T12:00:00Z'))).toBe('2027-01-15')
  })
})

describe('the phone-only demo voter (#18)', () => {
  it('has a phone and no e-mail, speaks Arabic, and is on the open election’s roll', async () => {
    const db = await createTestDb()
    await seedDemo(db, { verifiableElection: false })
    const user = await db
      .selectFrom('users')
      .select(['email', 'phone', 'preferred_language'])
      .where('id', '=', DEMO_PHONE_VOTER.id)
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ email: null, phone: DEMO_PHONE_VOTER.phone, preferred_language: 'ar' })
    expect(demoLogins()).toContain(DEMO_PHONE_VOTER.phone)
    expect(
      await rollEntryOfUser(db, { electionId: DEMO_CPM_ELECTION, userId: DEMO_PHONE_VOTER.id }),
    ).toBeTruthy()
  })
})
