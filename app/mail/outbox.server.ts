import type { ExpressionBuilder } from 'kysely'
import nodemailer from 'nodemailer'
import type { Database } from '../../db/schema'
import { newId, nowIso } from '../lib/ids.server'
import type { DB } from '../lib/db.server'
import { getEnv } from '../lib/env.server'

// Every message is written to the outbox first (in the caller's transaction when there is one),
// then delivered by SMTP when SMTP_URL is set. Without SMTP the outbox is the record (/dev/outbox).
export type OutgoingMessage = { to: string; language: string; subject: string; body: string }

export async function enqueueMessage(db: DB, message: OutgoingMessage): Promise<string> {
  const id = newId()
  await db
    .insertInto('outbox')
    .values({
      id,
      to_address: message.to,
      language: message.language,
      subject: message.subject,
      body: message.body,
      created_at: nowIso(),
    })
    .execute()
  // Inside a transaction the message is not committed yet: the periodic delivery sends it.
  if (!db.isTransaction) queueMicrotask(() => void deliverPending(db).catch(() => undefined))
  return id
}

type Transport = {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>
}
const CLAIM_MS = 5 * 60_000

/** Not sent yet, and nobody holds an unexpired claim on it. */
const claimable = (eb: ExpressionBuilder<Database, 'outbox'>, now: string) =>
  eb.and([eb('sent_at', 'is', null), eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)])])

/**
 * Sends pending messages. Each is claimed first by a guarded UPDATE, so several server processes
 * (or machines) delivering at the same moment never send one message twice; a claim left by a
 * process that died expires after five minutes and the message goes out then.
 */
export async function deliverPending(
  db: DB,
  { transport = smtpTransport() }: { transport?: Transport } = {},
): Promise<number> {
  if (!transport) return 0
  const now = nowIso()
  const pending = await db
    .selectFrom('outbox')
    .select(['id', 'to_address', 'subject', 'body'])
    .where((eb) => claimable(eb, now))
    .orderBy('created_at')
    .limit(50)
    .execute()
  let sent = 0
  for (const m of pending) {
    const claim = await db
      .updateTable('outbox')
      .set({ claimed_until: new Date(Date.now() + CLAIM_MS).toISOString() })
      .where('id', '=', m.id)
      .where((eb) => claimable(eb, nowIso()))
      .executeTakeFirst()
    if (Number(claim.numUpdatedRows) !== 1) continue // another process has it
    try {
      await transport.sendMail({
        from: getEnv().MAIL_FROM,
        to: m.to_address,
        subject: m.subject,
        text: m.body,
      })
      await db
        .updateTable('outbox')
        .set({ sent_at: nowIso(), last_error: null, claimed_until: null })
        .where('id', '=', m.id)
        .execute()
      sent += 1
    } catch (error) {
      // Record the failure class only: SMTP errors can echo addresses and message content.
      const code = (error as { code?: string }).code ?? 'send_failed'
      await db
        .updateTable('outbox')
        .set({ last_error: code, claimed_until: null })
        .where('id', '=', m.id)
        .execute()
    }
  }
  return sent
}

function smtpTransport(): Transport | undefined {
  const url = getEnv().SMTP_URL
  return url ? nodemailer.createTransport(url) : undefined
}

export async function listOutbox(db: DB, { limit = 100 }: { limit?: number } = {}) {
  return db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').limit(limit).execute()
}
