import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scanAction } from '../../helpers/fuzz'

// The fuzz reads each action's fields from its source. A quote it could not close once sent that
// scan back to the start of the schema forever, and the fuzz file never finished (CI timed out).
const dir = mkdtempSync(join(tmpdir(), 'mutirao-fuzz-scan-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function surfaceOf(source: string) {
  writeFileSync(join(dir, 'staff.things.tsx'), source)
  return scanAction(dir, 'staff.things.tsx')
}

describe('the fuzz reading an action’s form fields', () => {
  it('skips comments with apostrophes inside a schema', () => {
    const surface = surfaceOf(`
const ThingSchema = z.object({
  // the council's own name, as the gazette prints it
  name: z.string(),
  /* the body's "seats" */ seats: z.coerce.number(),
})
export async function action() { ThingSchema.parse({}) }
`)
    expect(surface.fields).toEqual(['name', 'seats'])
  })

  it('ends on a quote that never closes', () => {
    const surface = surfaceOf(`
const ThingSchema = z.object({
  name: z.string(), note: 'unclosed
`)
    expect(surface.fields).toEqual(['name', 'note'])
  })
})
