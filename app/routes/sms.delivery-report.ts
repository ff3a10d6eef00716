import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '../lib/db.server'
import { recordDeliveryReport } from '../mail/sms.server'

// Kannel's delivery-report callback (issue #18, ADR 019): the `dlr-url` given with each SMS, which
// Kannel fetches with GET, `type` filled in with the report's kind. No session: the caller is the
// gateway, authenticated by the HMAC token of the message's id that only our server can make. A
// bad token is 403 and nothing is written.
const ReportSchema = z.object({
  id: z.string().min(1).max(64),
  token: z.string().min(1).max(128),
  type: z.coerce.number().int().min(0).max(1024),
})

const plain = (text: string, status: number) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })

export async function loader({ request }: LoaderFunctionArgs) {
  const query = Object.fromEntries(new URL(request.url).searchParams)
  const parsed = ReportSchema.safeParse(query)
  if (!parsed.success) return plain('bad request', 400)
  const result = await recordDeliveryReport(getDb(), parsed.data)
  if (result.ok) return plain('ok', 200)
  if (result.error === 'forbidden') return plain('forbidden', 403)
  if (result.error === 'invalid_type') return plain('bad request', 400)
  // A message erased since (its person left): nothing to record, nothing for Kannel to retry.
  return plain('ok', 200)
}
