import { dirname, resolve } from 'node:path'
import { migrateToLatest } from '../db/migrate'
import { demoLogins, DEMO_PASSWORD, demoTrusteeKeysPath, seedDemo, seedReference } from '../db/seed/index'
import { getDb } from '../app/lib/db.server'
import { getEnv } from '../app/lib/env.server'

const db = getDb()
await migrateToLatest(db)
await seedReference(db)
// The data directory (beside the SQLite file) keeps the demo election's trustee keys (issue #20).
const dataDir = dirname(getEnv().DATABASE_PATH)
const seeded = await seedDemo(db, { trusteeKeysDir: dataDir })
console.log(seeded ? 'Demo data loaded.' : 'Database already has people in it; demo data not loaded.')
if (seeded)
  console.log(
    `Demo trustee keys of the 2024 election (demo only: a real commission's keys never reach the server):\n  ${resolve(demoTrusteeKeysPath(dataDir))}`,
  )
console.log(`Demo logins (password: ${DEMO_PASSWORD}):\n  ${demoLogins().join('\n  ')}`)
await db.destroy()
