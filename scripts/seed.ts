import { migrateToLatest } from '../db/migrate'
import { demoLogins, DEMO_PASSWORD, seedDemo, seedReference } from '../db/seed/index'
import { getDb } from '../app/lib/db.server'

const db = getDb()
await migrateToLatest(db)
await seedReference(db)
const seeded = await seedDemo(db)
console.log(seeded ? 'Demo data loaded.' : 'Database already has people in it; demo data not loaded.')
console.log(`Demo logins (password: ${DEMO_PASSWORD}):\n  ${demoLogins().join('\n  ')}`)
await db.destroy()
