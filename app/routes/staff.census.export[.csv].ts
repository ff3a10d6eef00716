import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermittedUser } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { csvStyle } from '../lib/open-data'
import { exportApprovedCensus } from '../registration/census.server'

// The approved census for the electoral commission only; every export is audited.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'census.export')
  const { csv, fileName } = await exportApprovedCensus(getDb(), {
    actorUserId: user.id,
    style: csvStyle(request),
  })
  return new Response(csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'no-store, private',
    },
  })
}
