import nodemailer from 'nodemailer'
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
    .values({ id, to_address: message.to, language: message.language, subject: message.subject, body: message.body, created_at: nowIso() })
    .execute()
  queueMicrotask(() => void deliverPending(db).catch(() => undefined))
  return id
}

let delivering = false
export async function deliverPending(db: DB, smtpUrl = getEnv().SMTP_URL): Promise<number> {
  if (!smtpUrl || delivering) return 0
  delivering = true
  try {
    const transport = nodemailer.createTransport(smtpUrl)
    const pending = await db.selectFrom('outbox').selectAll().where('sent_at', 'is', null).orderBy('created_at').limit(50).execute()
    let sent = 0
    for (const m of pending) {
      try {
        await transport.sendMail({ from: getEnv().MAIL_FROM, to: m.to_address, subject: m.subject, text: m.body })
        await db.updateTable('outbox').set({ sent_at: nowIso(), last_error: null }).where('id', '=', m.id).execute()
        sent += 1
      } catch (error) {
        // Record the failure class only: SMTP errors can echo addresses and message content.
        const code = (error as { code?: string }).code ?? 'send_failed'
        await db.updateTable('outbox').set({ last_error: code }).where('id', '=', m.id).execute()
      }
    }
    return sent
  } finally {
    delivering = false
  }
}

export async function listOutbox(db: DB, limit = 100) {
  return db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').limit(limit).execute()
}
