import { describe, expect, it } from 'vitest'
import {
  assessmentLevel,
  parseNumber,
  pledgeByYear,
  progressTowardsTarget,
  summarise,
} from '../../../app/plan/progress'

describe('progress towards a target', () => {
  it('measures the way from baseline to target for increasing targets', () => {
    expect(progressTowardsTarget(1500, 4000, 1500)).toBe(0)
    expect(progressTowardsTarget(1500, 4000, 2750)).toBe(0.5)
    expect(progressTowardsTarget(1500, 4000, 4000)).toBe(1)
  })

  it('works the same for decreasing targets (less is better)', () => {
    expect(progressTowardsTarget(40, 5, 40)).toBe(0)
    expect(progressTowardsTarget(40, 5, 22.5)).toBe(0.5)
    expect(progressTowardsTarget(60, 0, 15)).toBe(0.75)
  })

  it('clamps going backwards or beyond the target', () => {
    expect(progressTowardsTarget(40, 5, 55)).toBe(0)
    expect(progressTowardsTarget(40, 5, 1)).toBe(1)
    expect(progressTowardsTarget(1500, 4000, 9000)).toBe(1)
    expect(progressTowardsTarget(1500, 4000, 1000)).toBe(0)
  })

  it('a target equal to its baseline is met only at that value; non-numbers are no progress', () => {
    expect(progressTowardsTarget(2, 2, 2)).toBe(1)
    expect(progressTowardsTarget(2, 2, 3)).toBe(0)
    expect(progressTowardsTarget(0, 10, Number.NaN)).toBe(0)
  })

  it('summarises indicators: mean of those reported, cancelled ones left out, statuses counted', () => {
    const s = summarise([
      { baseline: 0, target: 10, value: 5, status: 'on_track' },
      { baseline: 40, target: 5, value: 5, status: 'achieved' },
      { baseline: 0, target: 10, value: null, status: null },
      { baseline: 0, target: 10, value: 0, status: 'cancelled' },
    ])
    expect(s).toEqual({
      total: 4,
      reported: 2,
      progress: 0.75,
      byStatus: { on_track: 1, achieved: 1, no_data: 1, cancelled: 1 },
    })
    expect(summarise([]).progress).toBeNull()
  })
})

describe('the two-campaigns-a-year pledge', () => {
  it('counts delivered campaigns per year, shows gaps, ignores cancelled ones, tells planned apart', () => {
    const years = pledgeByYear(
      [
        { year: 2021, status: 'finished' },
        { year: 2021, status: 'finished' },
        { year: 2022, status: 'finished' },
        { year: 2022, status: 'cancelled' },
        { year: 2024, status: 'running' },
        { year: 2024, status: 'planned' },
      ],
      2021,
      2024,
    )
    expect(years).toEqual([
      { year: 2021, delivered: 2, planned: 0, met: true, onCourse: true },
      { year: 2022, delivered: 1, planned: 0, met: false, onCourse: false },
      { year: 2023, delivered: 0, planned: 0, met: false, onCourse: false },
      { year: 2024, delivered: 1, planned: 1, met: false, onCourse: true },
    ])
  })
})

describe('parseNumber', () => {
  it('reads plain and pt-BR formatted numbers and refuses the rest', () => {
    expect(parseNumber('1500')).toBe(1500)
    expect(parseNumber(' 1.500,5 ')).toBe(1500.5)
    expect(parseNumber('12,75')).toBe(12.75)
    expect(parseNumber('-3.25')).toBe(-3.25)
    expect(parseNumber('1.000.000')).toBe(1_000_000)
    expect(parseNumber('')).toBeNull()
    expect(parseNumber('dez')).toBeNull()
    expect(parseNumber('1e9')).toBeNull()
  })
})

describe('MigraCidades assessment level', () => {
  it('calls a dimension without actions a gap, without data planned, and grades the rest by progress', () => {
    expect(assessmentLevel({ actions: 0, progress: null })).toBe('gap')
    expect(assessmentLevel({ actions: 2, progress: null })).toBe('planned')
    expect(assessmentLevel({ actions: 2, progress: 0.1 })).toBe('initial')
    expect(assessmentLevel({ actions: 2, progress: 0.25 })).toBe('developing')
    expect(assessmentLevel({ actions: 2, progress: 0.75 })).toBe('advanced')
  })
})
