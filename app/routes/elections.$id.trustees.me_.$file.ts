import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import {
  ceremonyCertificates,
  memberDecryptionKey,
  memberVinput,
  trusteeUserIds,
} from '../elections/trustees.server'
import { getDb } from '../lib/db.server'

// A commission member's files (issue #20 "Trustees"): the ceremony's certificates (certs.jsons),
// their own vinput and their encrypted decryption key, for belenios-tool or the member's device.
// A resource route: a UI route's loader cannot answer a page request with a file (Remix renders
// the page with the file's text as loader data), so the member page links here.

const FILES = {
  'certs.jsons': (db: ReturnType<typeof getDb>, electionId: string) => ceremonyCertificates(db, electionId),
  'mine.vinput': (db: ReturnType<typeof getDb>, electionId: string, userId: string) =>
    memberVinput(db, electionId, userId),
  'mine.dkey': (db: ReturnType<typeof getDb>, electionId: string, userId: string) =>
    memberDecryptionKey(db, electionId, userId),
} as const

export type TrusteeFile = keyof typeof FILES

export async function loader({ request, params }: LoaderFunctionArgs) {
  const electionId = params.id ?? ''
  const db = getDb()
  const trustees = await trusteeUserIds(db, electionId)
  const user = (await requirePermission(request, 'elections.trustee', { trusteeUserIds: trustees }))!
  const name = params.file ?? ''
  if (!Object.hasOwn(FILES, name)) throw new Response('Not found', { status: 404 })
  const body = await FILES[name as TrusteeFile](db, electionId, user.id)
  if (!body) throw new Response('Not found', { status: 404 })
  return new Response(body, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  })
}
