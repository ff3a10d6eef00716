import { readFileSync } from 'node:fs'
import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { contestTitle, segmentHelp } from '../../../app/elections/ballot-form'
import { LANGUAGES } from '../../../app/i18n/config'

// Issue #17: segment A is immigrant collectives and associations (represented by an immigrant), B is
// organisations that support immigrants (their representative may be Brazilian), C is individual
// immigrants. B was called "collectives and movements", and nothing said who stands where.
async function translator(lng: string) {
  const i18n = createInstance()
  const elections = JSON.parse(readFileSync(`locales/${lng}/elections.json`, 'utf8')) as object
  await i18n.init({ lng, resources: { [lng]: { elections } }, ns: ['elections'], defaultNS: 'elections' })
  return i18n.t.bind(i18n) as (k: string, o?: Record<string, unknown>) => string
}
const segment = (s: string) => ({ kind: 'segment', segment: s, subprefecture: null })

describe('the CMI segments, as people read them', () => {
  it('name B as organisations supporting immigrants, not collectives and movements', async () => {
    const pt = await translator('pt-BR')
    expect(contestTitle(pt, segment('B'))).toMatch(/organizações de apoio a imigrantes/)
    expect(contestTitle(pt, segment('A'))).toMatch(/coletivos e associações de imigrantes/)
    const en = await translator('en')
    expect(contestTitle(en, segment('B'))).not.toMatch(/collectives|movements/i)
    expect(segmentHelp(en, segment('B'))).toMatch(/Brazilian/)
    expect(segmentHelp(en, segment('A'))).toMatch(/represented by an immigrant/)
  })

  it('explain each segment in one line in every language; a subprefecture contest has no such line', async () => {
    for (const lng of LANGUAGES) {
      const t = await translator(lng)
      const lines = ['A', 'B', 'C'].map((s) => segmentHelp(t, segment(s)))
      for (const line of lines) expect(line, lng).toMatch(/\S/)
      expect(
        lines.some((l) => l?.startsWith('segmentHelp')),
        lng,
      ).toBe(false)
      expect(new Set(lines).size, lng).toBe(3)
      expect(segmentHelp(t, { kind: 'subprefecture', segment: null })).toBeNull()
    }
  })
})
