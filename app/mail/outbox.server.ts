import type { ExpressionBuilder } from 'kysely'
import nodemailer from 'nodemailer'
import type { Database, OutboxChannel } from '../../db/schema'
import { newId, nowIso } from '../lib/ids.server'
import type { DB } from '../lib/db.server'
import { getEnv } from '../lib/env.server'
import { configuredSmsTransport } from './sms.server'
import { DeliveryError, type ChannelTransport } from './transport.server'

// Every message is written to the outbox first (in the caller's transaction when there is one),
// then delivered by SMTP when SMTP_URL is set. Without SMTP the outbox is the record (/dev/outbox).
//
// Issue #16.15: a message has a channel by the contact it goes to: `email` goes to SMTP, a phone
// number (`sms`) to Kannel (issue #18, app/mail/sms.server.ts). A channel without a configured
// transport waits, pending, and is never selected, so it cannot block the others. Each try that fails pushes the message back (exponential
// back-off) and, after the budget or on a permanent refusal, the message is `failed`: the due
// messages are taken in the order of `next_attempt_at`, so failures never hold the head of the
// queue. The body is emptied once the message is sent or has failed (it may carry a reset link),
// and messages that wait longer than MAX_PENDING_MS expire.
export type OutgoingMessage = {
  to: string
  language: string
  subject: string
  body: string
  /** E-mail only (a convocation's iCalendar file); emptied with the body once sent. */
  attachment?: { name: string; content: string }
}

export const MAX_ATTEMPTS = 8
const FIRST_RETRY_MS = 60_000
const MAX_RETRY_MS = 4 * 60 * 60_000
const MAX_PENDING_MS = 7 * 24 * 60 * 60_000
const BATCH = 50
/** Messages one run may try, so a run ends even when every message fails at once. */
const MAX_PER_RUN = 1000
const CLAIM_MS = 5 * 60_000

/** E-mail when the contact is an address; anything else is a phone number. */
export function channelOf(to: string): OutboxChannel {
  return to.includes('@') ? 'email' : 'sms'
}

/** How long after its `attempts`-th failed try a message is tried again. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1))
}

export async function enqueueMessage(db: DB, message: OutgoingMessage): Promise<string> {
  const id = newId()
  const now = nowIso()
  await db
    .insertInto('outbox')
    .values({
      id,
      to_address: message.to,
      channel: channelOf(message.to),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      language: message.language,
      subject: message.subject,
      body: message.body,
      attachment_name: message.attachment?.name ?? null,
      attachment_content: message.attachment?.content ?? null,
      created_at: now,
    })
    .execute()
  // Inside a transaction the message is not committed yet: the periodic delivery sends it.
  if (!db.isTransaction) queueMicrotask(() => void deliverPending(db).catch(() => undefined))
  return id
}

/** What nodemailer offers (and what tests stand in for SMTP with). */
type MailTransport = {
  sendMail(message: {
    from: string
    to: string
    subject: string
    text: string
    attachments?: { filename: string; content: string; contentType?: string }[]
  }): Promise<unknown>
}

/** Pending messages of the given channels that are due, and that nobody holds an unexpired claim on. */
const claimable = (eb: ExpressionBuilder<Database, 'outbox'>, now: string, channels: OutboxChannel[]) =>
  eb.and([
    eb('status', '=', 'pending'),
    eb('channel', 'in', channels),
    eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]),
    eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]),
  ])

/** SMTP 5xx: the server refuses the message for good (no such mailbox, bad address). */
const isPermanentSmtp = (error: unknown) => {
  const code = Number((error as { responseCode?: unknown }).responseCode)
  return code >= 500 && code < 600
}

/** E-mail as a channel transport: SMTP errors become DeliveryErrors (their class only). */
export function mailChannel(transport: MailTransport): ChannelTransport {
  return {
    async send(m) {
      try {
        await transport.sendMail({
          from: getEnv().MAIL_FROM,
          to: m.to,
          subject: m.subject,
          text: m.body,
          ...(m.attachment
            ? {
                attachments: [
                  {
                    filename: m.attachment.name,
                    content: m.attachment.content,
                    contentType: m.attachment.name.endsWith('.ics')
                      ? 'text/calendar; charset=utf-8'
                      : undefined,
                  },
                ],
              }
            : {}),
        })
      } catch (error) {
        // Record the failure class only: SMTP errors can echo addresses and message content.
        throw new DeliveryError((error as { code?: string }).code ?? 'send_failed', isPermanentSmtp(error))
      }
    },
  }
}

type DeliveryOptions = {
  /** SMTP (or a stand-in); default: SMTP_URL's, none when unset. */
  transport?: MailTransport
  /** SMS; default: Kannel at SMS_URL, none when unset. `null` turns SMS off. */
  sms?: ChannelTransport | null
  now?: () => Date
}

/**
 * Sends due messages, each through its channel's transport. Each message is claimed first by a guarded UPDATE, so several server processes
 * (or machines) delivering at the same moment never send one message twice; a claim left by a
 * process that died expires after five minutes and the message goes out then. Batches are read
 * until none is due: a failed message is pushed back, so the next batch reaches the ones after it.
 */
export async function deliverPending(db: DB, options: DeliveryOptions = {}): Promise<number> {
  const report = await deliverPendingWithReport(db, options)
  return Object.values(report).reduce((n, r) => n + r.sent, 0)
}

/** What one delivery run did on one channel: counts and failure classes, never an address or a body. */
export type ChannelDeliveryReport = {
  sent: number
  /** Tries that failed and will be made again later. */
  retrying: number
  /** Messages given up (permanent refusal or out of tries). */
  failed: number
  /** Failure class (DeliveryError code) → how many tries failed with it. */
  errors: Record<string, number>
}
export type DeliveryReport = Partial<Record<OutboxChannel, ChannelDeliveryReport>>

/** `deliverPending`, reporting per channel (the server logs the failures: deliveryLogLines). */
export async function deliverPendingWithReport(
  db: DB,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = {}
  const of = (channel: OutboxChannel) => (report[channel] ??= { sent: 0, retrying: 0, failed: 0, errors: {} })
  const now = options.now ?? (() => new Date())
  const mail = 'transport' in options ? options.transport : smtpTransport()
  const sms = 'sms' in options ? (options.sms ?? undefined) : configuredSmsTransport()
  const transports: Partial<Record<OutboxChannel, ChannelTransport>> = {}
  if (mail) transports.email = mailChannel(mail)
  if (sms) transports.sms = sms
  const channels = Object.keys(transports) as OutboxChannel[]
  if (channels.length === 0) return report
  await expireStale(db, now())
  const tried = new Set<string>()
  while (tried.size < MAX_PER_RUN) {
    const due = await db
      .selectFrom('outbox')
      .select([
        'id',
        'channel',
        'to_address',
        'language',
        'subject',
        'body',
        'attempts',
        'attachment_name',
        'attachment_content',
      ])
      .where((eb) => claimable(eb, now().toISOString(), channels))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(BATCH)
      .execute()
    const fresh = due.filter((m) => !tried.has(m.id))
    if (fresh.length === 0) break
    for (const m of fresh) {
      tried.add(m.id)
      const claim = await db
        .updateTable('outbox')
        .set({ claimed_until: new Date(now().getTime() + CLAIM_MS).toISOString() })
        .where('id', '=', m.id)
        .where((eb) => claimable(eb, now().toISOString(), channels))
        .executeTakeFirst()
      if (Number(claim.numUpdatedRows) !== 1) continue // another process has it
      const attempts = m.attempts + 1
      try {
        await transports[m.channel]!.send({
          id: m.id,
          to: m.to_address,
          subject: m.subject,
          body: m.body,
          language: m.language,
          ...(m.attachment_name && m.attachment_content !== null
            ? { attachment: { name: m.attachment_name, content: m.attachment_content } }
            : {}),
        })
        // The body may hold a reset link or code: it is not kept once delivered.
        await db
          .updateTable('outbox')
          .set({
            status: 'sent',
            sent_at: now().toISOString(),
            attempts,
            body: '',
            attachment_content: null,
            last_error: null,
            claimed_until: null,
          })
          .where('id', '=', m.id)
          .execute()
        of(m.channel).sent += 1
      } catch (error) {
        // Record the failure class only: errors can echo addresses and message content.
        const known = error instanceof DeliveryError
        const code = known ? error.code : 'send_failed'
        const giveUp = attempts >= MAX_ATTEMPTS || (known && error.permanent)
        const counts = of(m.channel)
        counts[giveUp ? 'failed' : 'retrying'] += 1
        counts.errors[code] = (counts.errors[code] ?? 0) + 1
        await db
          .updateTable('outbox')
          .set(
            giveUp
              ? {
                  status: 'failed',
                  attempts,
                  body: '',
                  attachment_content: null,
                  last_error: code,
                  claimed_until: null,
                }
              : {
                  attempts,
                  next_attempt_at: new Date(now().getTime() + retryDelayMs(attempts)).toISOString(),
                  last_error: code,
                  claimed_until: null,
                },
          )
          .where('id', '=', m.id)
          .execute()
      }
    }
  }
  return report
}

/**
 * The log lines for a delivery run's failures, one per channel that had any: the channel, counts
 * and failure classes only (never a recipient, subject or body). Nothing when all went out.
 */
export function deliveryLogLines(report: DeliveryReport): string[] {
  const lines: string[] = []
  for (const channel of Object.keys(report).sort() as OutboxChannel[]) {
    const r = report[channel]!
    if (r.failed === 0 && r.retrying === 0) continue
    const classes = Object.entries(r.errors)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, n]) => `${code}×${n}`)
      .join(', ')
    lines.push(
      `outbox ${channel} delivery: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed (${classes})`,
    )
  }
  return lines
}

/** An error of the delivery run itself (the database), named by its class and code only. */
export function deliveryRunErrorLine(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error
  const code = (error as { code?: unknown } | null)?.code
  return `outbox delivery run failed: ${name}${typeof code === 'string' || typeof code === 'number' ? ` ${code}` : ''}`
}

/** Messages no transport took within a week (a channel left unconfigured) expire: failed, body emptied. */
export async function expireStale(db: DB, now = new Date()): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'failed', body: '', attachment_content: null, last_error: 'expired', claimed_until: null })
    .where('status', '=', 'pending')
    .where('created_at', '<', new Date(now.getTime() - MAX_PENDING_MS).toISOString())
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now.toISOString())]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

function smtpTransport(): MailTransport | undefined {
  const url = getEnv().SMTP_URL
  return url ? nodemailer.createTransport(url) : undefined
}

export async function listOutbox(db: DB, { limit = 100 }: { limit?: number } = {}) {
  return db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').limit(limit).execute()
}
