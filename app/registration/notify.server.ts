import type { RegistrationStatus } from '../../db/schema'
import { translatorFor, type ServerT } from '../i18n/i18n.server'
import type { DB } from '../lib/db.server'
import { enqueueMessage } from '../mail/outbox.server'

type RegistrationForMessage = { protocol: string; status: RegistrationStatus }

/**
 * Sends a message about a registration to the person, in the language they chose: to the address
 * given on the registration, else the account's (e-mail before phone; the outbox picks the channel).
 * Nothing is sent when there is no address (an assisted registration without contact).
 */
export async function messageRegistrant(
  db: DB,
  registrationId: string,
  compose: (t: ServerT, registration: RegistrationForMessage) => { subject: string; body: string },
): Promise<void> {
  const r = await db
    .selectFrom('voter_registrations')
    .leftJoin('users', 'users.id', 'voter_registrations.user_id')
    .select([
      'voter_registrations.protocol',
      'voter_registrations.status',
      'voter_registrations.email',
      'voter_registrations.phone',
      'voter_registrations.preferred_language',
      'users.email as user_email',
      'users.phone as user_phone',
    ])
    .where('voter_registrations.id', '=', registrationId)
    .executeTakeFirstOrThrow()
  const to = r.email ?? r.user_email ?? r.phone ?? r.user_phone
  if (!to) return
  const t = await translatorFor(r.preferred_language, 'registration')
  await enqueueMessage(db, { to, language: r.preferred_language, ...compose(t, r) })
}
