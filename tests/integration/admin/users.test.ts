import { beforeEach, describe, expect, it } from 'vitest'
import { listUsers, setRole } from '../../../app/admin/users.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

describe('role management', () => {
  it('granting a role is audited with before/after; granting it again changes nothing', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    const person = await createUser(db)
    expect(
      await setRole(db, { actorUserId: admin.id, userId: person.id, role: 'secretariat', grant: true }),
    ).toEqual({ ok: true, value: { changed: true } })
    expect(
      await setRole(db, { actorUserId: admin.id, userId: person.id, role: 'secretariat', grant: true }),
    ).toEqual({ ok: true, value: { changed: false } })
    const audit = await db.selectFrom('audit_log').selectAll().execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_user_id: admin.id, action: 'role.grant', entity_id: person.id })
    expect(JSON.parse(audit[0].after_json!)).toEqual({ role: 'secretariat', held: true })
  })

  it('an admin cannot remove their own admin role', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    expect(
      await setRole(db, { actorUserId: admin.id, userId: admin.id, role: 'admin', grant: false }),
    ).toMatchObject({ ok: false, error: 'cannot_remove_own_admin' })
  })

  it('reports a missing person instead of failing', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    expect(
      await setRole(db, { actorUserId: admin.id, userId: 'nope', role: 'observer', grant: true }),
    ).toMatchObject({ ok: false, error: 'user_not_found' })
  })

  it('search treats % and _ literally', async () => {
    await createUser(db, { email: 'under_score@example.org' })
    await createUser(db, { email: 'underxscore@example.org' })
    const r = await listUsers(db, { q: 'under_', page: 1 })
    expect(r.users.map((u) => u.email)).toEqual(['under_score@example.org'])
  })
})
