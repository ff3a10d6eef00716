import { describe, expect, it } from 'vitest'
import { consultationReport, getConsultation } from '../../../app/consultations/consultations.server'
import { seedDemo } from '../../../db/seed'
import { DEMO_CONSULTATION_ANSWERED, DEMO_CONSULTATION_OPEN } from '../../../db/seed/consultations'
import { createTestDb } from '../../helpers/db'

describe('demo data', () => {
  it('loads once into an empty database, with consultations that read as the README says', async () => {
    const db = await createTestDb()
    expect(await seedDemo(db)).toBe(true)
    expect(await seedDemo(db)).toBe(false)
    const report = (await consultationReport(db, DEMO_CONSULTATION_ANSWERED))!
    expect(report.consultation.status).toBe('answered')
    expect(report.languages.map((l) => l.language).sort()).toEqual(['ar', 'en', 'es', 'fr', 'ht', 'zh'])
    expect(report.changes.map((c) => c.action_code).sort()).toEqual(['4.1.2', '4.1.2', '4.1.2', '7.1.1', '7.1.1'])
    expect(report.totals.hidden).toBe(1)
    const open = (await getConsultation(db, DEMO_CONSULTATION_OPEN))!
    expect(open.accepting).toBe(new Date() < new Date('2027-03-31T23:00:00.000Z'))
    expect(open.questions).toHaveLength(1)
  })
})
