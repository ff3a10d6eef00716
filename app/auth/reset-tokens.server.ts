import type { DB } from '../lib/db.server'

/**
 * Every reset link of a person stops working: after a password change or a reset (#16.8). The rows
 * go (only hashes were stored); a link in a mail still on its way leads to "link no longer valid".
 */
export async function invalidateResetTokens(db: DB, userId: string): Promise<void> {
  await db.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute()
  // Codes sent by SMS (#18) die the same way.
  await db.deleteFrom('password_reset_codes').where('user_id', '=', userId).execute()
  // And a desk's code to set the password (#18): once a password is chosen it is of no use.
  await db.deleteFrom('account_setup_codes').where('user_id', '=', userId).execute()
}
