import { afterAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../../app/auth/permissions'
import {
  exportBatch,
  importBatch,
  MAX_IMPORTED_ROWS,
  YIELD_EVERY,
} from '../../../app/translations/batch.server'
import { setTranslatorLanguages } from '../../../app/translations/translators.server'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'
import { createUser } from '../../helpers/factories'
import { planInForce } from '../../helpers/plan'

// An upload of MAX_IMPORTED_ROWS rows runs one submission per row. On SQLite every query is
// synchronous under Kysely's promises, so without yielding the whole import would be one long chain
// of microtasks and no other request could be served until it ended. The import gives the event
// loop back every YIELD_EVERY rows: proven by order of events, never by timing.

afterAll(dropDatabasesOfThisFile)

const KIND = 'plan_action.title'

async function largeImport() {
  const db = await createTestDb()
  await planInForce(db)
  const user = await createUser(db, { roles: ['translator'] })
  const admin = await createUser(db, { roles: ['admin'] })
  await setTranslatorLanguages(db, { actorUserId: admin.id, userId: user.id, languages: ['ht'] })
  const translator: NonNullable<Actor> = { id: user.id, roles: ['resident', 'translator'] }
  const exported = await exportBatch(db, translator, 'ht', 'csv')
  if (!exported.ok) throw new Error(exported.error)
  const [header, ...queue] = exported.value.trim().split('\r\n')
  const real = queue.filter((line) => line.startsWith(`${KIND},`)).map((line, i) => `${line}Tradiksyon ${i}`)
  // Filled in, but for texts that do not exist: each still goes through `submit` and the database.
  const padding = Array.from(
    { length: MAX_IMPORTED_ROWS - real.length },
    (_, i) => `${KIND},missing-${i},00000000,x,Tradiksyon`,
  )
  const bytes = new TextEncoder().encode([header, ...real, ...padding].join('\r\n'))
  return { run: () => importBatch(db, translator, { language: 'ht', bytes }), real: real.length }
}

describe('a large import does not hold the event loop for its whole length', () => {
  it('a callback queued before a 500-row import runs before the import resolves', async () => {
    const { run, real } = await largeImport()
    const order: string[] = []
    setImmediate(() => order.push('other work'))
    const result = await run()
    order.push('import done')
    expect(order).toEqual(['other work', 'import done'])
    // The import did the whole job meanwhile.
    if (!result.ok) throw new Error(result.error)
    expect(result.value.rows).toHaveLength(MAX_IMPORTED_ROWS)
    expect(result.value.rows.filter((r) => r.result === 'accepted')).toHaveLength(real)
    expect(real).toBeGreaterThan(0)
  })

  it('gives the loop back again and again, not once: a waiting callback gets a turn every YIELD_EVERY rows', async () => {
    const { run } = await largeImport()
    let turns = 0
    let importing = true
    const turn = () => {
      if (!importing) return
      turns++
      setImmediate(turn)
    }
    setImmediate(turn)
    await run()
    importing = false
    expect(turns).toBeGreaterThanOrEqual(MAX_IMPORTED_ROWS / YIELD_EVERY - 1)
  })
})
