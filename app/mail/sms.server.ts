import { timingSafeEqual } from 'node:crypto'
import type { DeliveryStatus } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { getEnv } from '../lib/env.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { DeliveryError, type ChannelTransport } from './transport.server'

// SMS through Kannel (issue #18, ADR 019): a GET to smsbox's `sendsms` interface per message.
// Kannel answers 202 ("0: Accepted for delivery", "Sent.") when it has queued the message; a 4xx
// (bad credentials, a missing or refused number) will not change by trying again, anything else
// (connection refused, 5xx "Temporal failure", a timeout) is tried again later by the outbox.
//
// Every message asks for delivery reports (dlr-mask=31: delivered, failed, buffered, SMSC accepted,
// SMSC rejected). Kannel calls `dlr-url` back with `%d` replaced by the report's type; the URL is
// made from PUBLIC_ORIGIN (never from a request's Host) and carries the outbox id and an HMAC of
// it under the server's secret, so nobody else can post reports for our messages.

export type KannelConfig = {
  url: string
  user: string
  password: string
  from: string
  /** Where Kannel sends delivery reports: PUBLIC_ORIGIN. */
  publicOrigin: string
  /** How long one request to Kannel may take. */
  timeoutMs?: number
}

/** GSM 03.38's default alphabet and its extension table: text made only of these is sent as-is. */
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà' +
  '^{}\\[~]|€\f'
const GSM7_SET = new Set(GSM7)

/** Whether a text fits GSM-7; otherwise it goes as UCS-2 (Kannel's coding=2). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!GSM7_SET.has(ch)) return false
  return true
}

/** The token that proves a delivery report comes from the gateway we gave the URL to. */
export function deliveryReportToken(outboxId: string): string {
  return keyedHash('sms-dlr', outboxId)
}

export function deliveryReportTokenValid(outboxId: string, token: string): boolean {
  const expected = Buffer.from(deliveryReportToken(outboxId))
  const given = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export function deliveryReportUrl(origin: string, outboxId: string): string {
  const query = new URLSearchParams({ id: outboxId, token: deliveryReportToken(outboxId) })
  // `%d` is Kannel's placeholder for the report type: appended raw, not encoded.
  return `${origin}/sms/delivery-report?${query.toString()}&type=%d`
}

/** The sendsms request for one message (exported for tests). */
export function sendsmsUrl(config: KannelConfig, message: { id: string; to: string; body: string }): string {
  const params = new URLSearchParams({
    username: config.user,
    password: config.password,
    from: config.from,
    to: message.to,
    text: message.body,
    charset: 'UTF-8',
    'dlr-mask': '31',
    'dlr-url': deliveryReportUrl(config.publicOrigin, message.id),
  })
  if (!isGsm7(message.body)) params.set('coding', '2')
  const url = new URL(config.url)
  for (const [name, value] of params) url.searchParams.set(name, value)
  return url.toString()
}

export function kannelTransport(config: KannelConfig): ChannelTransport {
  return {
    async send(message) {
      let response: Response
      try {
        response = await fetch(sendsmsUrl(config, message), {
          signal: AbortSignal.timeout(config.timeoutMs ?? 20_000),
          redirect: 'error',
        })
      } catch (error) {
        // Connection refused, reset, timed out: the gateway is down; try again later.
        const cause = (error as { cause?: { code?: string } }).cause
        throw new DeliveryError(cause?.code ?? (error as { name?: string }).name ?? 'sms_unreachable', false)
      }
      await response.text().catch(() => '') // drain; the body may echo the number
      if (response.status === 202 || response.status === 200) return
      throw new DeliveryError(`kannel_${response.status}`, response.status >= 400 && response.status < 500)
    },
  }
}

/** Kannel from the configuration, or none when SMS_URL is unset. */
export function configuredSmsTransport(): ChannelTransport | undefined {
  const env = getEnv()
  if (!env.SMS_URL) return undefined
  return kannelTransport({
    url: env.SMS_URL,
    user: env.SMS_USER,
    password: env.SMS_PASSWORD,
    from: env.SMS_FROM,
    publicOrigin: env.publicOrigin,
  })
}

/** Kannel's report types (the `%d` of dlr-url): 1 delivered, 2 undeliverable, 4 buffered, 8 SMSC accepted, 16 SMSC rejected. */
export function deliveryStatusOf(type: number): DeliveryStatus | null {
  switch (type) {
    case 1:
      return 'delivered'
    case 2:
    case 16:
      return 'failed'
    case 4:
      return 'buffered'
    case 8:
      return 'submitted'
    default:
      return null
  }
}

const FINAL: DeliveryStatus[] = ['delivered', 'failed']

/**
 * Records one delivery report. Reports can arrive out of order (each is its own HTTP request): a
 * final one (delivered, failed) is never overwritten, by an intermediate one (buffered, submitted)
 * or a later duplicate.
 */
export async function recordDeliveryReport(
  db: DB,
  input: { id: string; token: string; type: number; now?: Date },
): Promise<{ ok: true } | { ok: false; error: 'forbidden' | 'invalid_type' | 'not_found' }> {
  if (!deliveryReportTokenValid(input.id, input.token)) return { ok: false, error: 'forbidden' }
  const status = deliveryStatusOf(input.type)
  if (!status) return { ok: false, error: 'invalid_type' }
  const result = await db
    .updateTable('outbox')
    .set({ delivery_status: status, delivered_at: (input.now ?? new Date()).toISOString() })
    .where('id', '=', input.id)
    .where('channel', '=', 'sms')
    .where((eb) => eb.or([eb('delivery_status', 'is', null), eb('delivery_status', 'not in', FINAL)]))
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) {
    const exists = await db.selectFrom('outbox').select('id').where('id', '=', input.id).executeTakeFirst()
    if (!exists) return { ok: false, error: 'not_found' }
  }
  return { ok: true }
}
