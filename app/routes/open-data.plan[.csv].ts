import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { toCsv } from '../lib/csv'
import { getDb } from '../lib/db.server'
import { planOpenData } from '../plan/plan.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  const rows = await planOpenData(getDb())
  const header = [
    'edition',
    'edition_years',
    'demonstration',
    'axis',
    'objective',
    'action',
    'action_title',
    'responsible_bodies',
    'sdg_targets',
    'migracidades_dimension',
    'indicator',
    'indicator_name',
    'unit',
    'baseline',
    'target',
    'deadline',
    'latest_value',
    'latest_status',
    'latest_reference_date',
    'progress',
  ] as const
  return new Response(
    toCsv(
      [...header],
      rows.map((r) => header.map((h) => (typeof r[h] === 'boolean' ? (r[h] ? 'yes' : 'no') : r[h]))),
    ),
    {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="plan.csv"',
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'public, max-age=60',
      },
    },
  )
}
