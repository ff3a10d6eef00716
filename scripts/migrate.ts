import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/index'
import { getDb } from '../app/lib/db.server'

const db = getDb()
const applied = await migrateToLatest(db)
await seedReference(db)
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database already up to date.')
await db.destroy()
