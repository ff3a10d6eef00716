import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Issue #19: an arrow typed as text ("← Voltar") points the same way in Arabic as in Portuguese.
// Pages draw arrows with <Arrow kind="…" /> (app/ui/icons.tsx), which mirrors in right-to-left.
// Comments may use arrows freely; markup and strings may not.

const ARROWS = /[←→›‹]/u
const ROOT = join(__dirname, '../../../app')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  )
}

function typedArrows(text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/u.test(line))
    .filter(({ line }) => ARROWS.test(line.split('//')[0]))
    .map(({ line, n }) => `${n}: ${line.trim()}`)
}

describe('arrows in pages', () => {
  it('the check finds a typed arrow and ignores one in a comment', () => {
    expect(typedArrows('<Link>← back</Link>')).toHaveLength(1)
    expect(typedArrows('// choose → review\n * a → b')).toEqual([])
  })

  for (const file of sources(ROOT).filter((f) => !f.endsWith(join('ui', 'icons.tsx')))) {
    it(`${file.slice(ROOT.length + 1)} draws arrows with <Arrow />`, () => {
      expect(typedArrows(readFileSync(file, 'utf8'))).toEqual([])
    })
  }
})
