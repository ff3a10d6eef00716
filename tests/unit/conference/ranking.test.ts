import { describe, expect, it } from 'vitest'
import { originsOf, rankAxis, searchable, votesNeeded } from '../../../app/conference/ranking'

describe('delegates’ ranking', () => {
  it('approves proposals that reach the share of accredited delegates, rounded up', () => {
    expect(votesNeeded(177, 0.5)).toBe(89)
    expect(votesNeeded(10, 0.5)).toBe(5)
    const ranked = rankAxis(
      [
        { id: 'a', votes: 4 },
        { id: 'b', votes: 5 },
        { id: 'c', votes: 9 },
      ],
      10,
      0.5,
    )
    expect(ranked.map((r) => [r.id, r.rank, r.approved])).toEqual([
      ['c', 1, true],
      ['b', 2, true],
      ['a', 3, false],
    ])
  })

  it('shows ties with a shared rank instead of breaking them', () => {
    const ranked = rankAxis(
      [
        { id: 'a', votes: 3 },
        { id: 'b', votes: 7 },
        { id: 'c', votes: 7 },
        { id: 'd', votes: 1 },
      ],
      8,
      0.25,
    )
    expect(ranked.map((r) => [r.id, r.rank, r.tied])).toEqual([
      ['b', 1, true],
      ['c', 1, true],
      ['a', 3, false],
      ['d', 4, false],
    ])
    expect(ranked.filter((r) => r.approved).map((r) => r.id)).toEqual(['b', 'c', 'a'])
  })

  it('approves nothing without delegates', () => {
    expect(rankAxis([{ id: 'a', votes: 0 }], 0, 0.5)[0].approved).toBe(false)
  })
})

describe('lineage', () => {
  it('keeps every original behind a consolidated proposal, through merges of merges', () => {
    const rows = [
      { id: 'o1', merged_into_id: 'c1' },
      { id: 'o2', merged_into_id: 'c1' },
      { id: 'c1', merged_into_id: 'c2' },
      { id: 'o3', merged_into_id: 'c2' },
      { id: 'other', merged_into_id: null },
    ]
    expect(originsOf('c2', rows).sort()).toEqual(['c1', 'o1', 'o2', 'o3'])
    expect(originsOf('other', rows)).toEqual([])
  })
})

describe('search text', () => {
  it('is accent- and case-insensitive in every script we support', () => {
    expect(searchable('Educação', 'SAÚDE')).toBe('educacao saude')
    expect(searchable('Éducation interculturelle')).toContain('education')
    expect(searchable('教育')).toBe('教育')
  })
})
