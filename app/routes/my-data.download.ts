import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermittedUser } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { exportMyData } from '../privacy/my-data.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'privacy.exportOwn')
  const data = await exportMyData(getDb(), user.id)
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="mutirao-my-data.json"',
      'Cache-Control': 'no-store',
    },
  })
}
