import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { exportBatch } from '../translations/batch.server'
import { LanguageParamsSchema } from '../translations/schemas.server'

// An offline batch (issue #19): the queue of one language, to translate and upload again.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'translations.work')
  const parsed = LanguageParamsSchema.safeParse(params)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const batch = await exportBatch(getDb(), toActor(user), parsed.data.lng, 'xliff')
  if (!batch.ok) throw new Response('Forbidden', { status: 403 })
  return new Response(batch.value, {
    headers: {
      'Content-Type': 'application/xliff+xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="mutirao-${parsed.data.lng}.xliff"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
