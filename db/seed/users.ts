import type { Kysely } from 'kysely'
import { hashPassword } from '../../app/auth/password.server'
import { ROLES, type Database, type Role } from '../schema'

export const DEMO_PASSWORD = 'mutirao-demo'
export const demoEmail = (role: Role) => `${role}@demo.mutirao.local`
export const demoUserId = (role: Role) => `demo-${role.replace(/_/g, '-')}`

/**
 * A voter with a phone and no e-mail (issue #18): many immigrants have only a phone. Reached by SMS
 * (password reset by code, notices); on the open election's roll. The number is a reserved-looking
 * demo number; in demo mode SMS only reach the outbox page.
 */
export const DEMO_PHONE_VOTER = {
  id: 'demo-phone-voter',
  phone: '+5511900000018',
  name: 'Nour Al-Khatib',
  language: 'ar',
} as const

/**
 * The roles with one demo account each, named `<role>@demo…`. Translators (migration 034) have
 * their own accounts with their languages in db/seed/translations.ts.
 */
export const DEMO_ROLES = ROLES.filter((r): r is Exclude<Role, 'translator'> => r !== 'translator')

const DEMO_NAMES: Record<(typeof DEMO_ROLES)[number], { name: string; language: string }> = {
  resident: { name: 'Rosa Quispe', language: 'es' },
  voter: { name: 'Jean-Baptiste Pierre', language: 'ht' },
  candidate: { name: 'Amina Diallo', language: 'fr' },
  counsellor: { name: 'Li Wei', language: 'zh' },
  delegate: { name: 'Omar Haddad', language: 'ar' },
  secretariat: { name: 'Ana Souza (Secretaria)', language: 'pt-BR' },
  electoral_commission: { name: 'Carlos Mendoza (Comissão)', language: 'es' },
  observer: { name: 'Grace Okafor (Observadora)', language: 'en' },
  admin: { name: 'Admin Mutirão', language: 'pt-BR' },
  moderator: { name: 'Fatou Ndiaye (Moderação)', language: 'fr' },
  plan_reporter: { name: 'Paulo Lima (SMDHC)', language: 'pt-BR' },
}

// One account per role. Fixed ids and timestamps keep the demo deterministic.
export async function seedDemoUsers(db: Kysely<Database>): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const at = '2026-01-15T12:00:00.000Z'
  for (const role of DEMO_ROLES) {
    const id = demoUserId(role)
    await db
      .insertInto('users')
      .values({
        id,
        email: demoEmail(role),
        phone: null,
        display_name: DEMO_NAMES[role].name,
        password_hash: passwordHash,
        preferred_language: DEMO_NAMES[role].language,
        created_at: at,
        password_changed_at: at,
      })
      .execute()
    const roles: Role[] = role === 'resident' ? ['resident'] : ['resident', role]
    await db
      .insertInto('user_roles')
      .values(roles.map((r) => ({ user_id: id, role: r, granted_by: null, granted_at: at })))
      .execute()
    await db
      .insertInto('consents')
      .values({
        id: `${id}-account`,
        user_id: id,
        purpose: 'account',
        legal_basis: 'lgpd_art7_i_consent',
        text_version: 'demo',
        given_at: at,
      })
      .execute()
  }
  await db
    .insertInto('users')
    .values({
      id: DEMO_PHONE_VOTER.id,
      email: null,
      phone: DEMO_PHONE_VOTER.phone,
      display_name: DEMO_PHONE_VOTER.name,
      password_hash: passwordHash,
      preferred_language: DEMO_PHONE_VOTER.language,
      created_at: at,
      password_changed_at: at,
    })
    .execute()
  await db
    .insertInto('user_roles')
    .values(
      (['resident', 'voter'] as const).map((r) => ({
        user_id: DEMO_PHONE_VOTER.id,
        role: r,
        granted_by: null,
        granted_at: at,
      })),
    )
    .execute()
  await db
    .insertInto('consents')
    .values({
      id: `${DEMO_PHONE_VOTER.id}-account`,
      user_id: DEMO_PHONE_VOTER.id,
      purpose: 'account',
      legal_basis: 'lgpd_art7_i_consent',
      text_version: 'demo',
      given_at: at,
    })
    .execute()
}
