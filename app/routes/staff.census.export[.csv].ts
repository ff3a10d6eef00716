import type { LoaderFunctionArgs } from '@remix-run/node'
import { appendAudit } from '../audit/audit.server'
import { requirePermission } from '../auth/guards.server'
import { toCsv } from '../lib/csv'
import { getDb } from '../lib/db.server'
import { approvedCensus } from '../registration/registrations.server'

// The approved census for the electoral commission only; every export is audited.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = (await requirePermission(request, 'census.export'))!
  const db = getDb()
  const { cycle, rows } = await approvedCensus(db)
  await appendAudit(db, {
    actorUserId: actor.id,
    action: 'census.export',
    entityType: 'census_cycle',
    entityId: cycle?.id ?? null,
    after: { rows: rows.length },
  })
  const csv = toCsv(
    [
      'protocol',
      'full_name',
      'social_name',
      'birth_date',
      'nationalities',
      'gender',
      'subprefecture',
      'document_type',
      'document_number',
      'approved_at',
    ],
    rows.map((r) => [
      r.protocol,
      r.full_name,
      r.social_name,
      r.birth_date,
      (JSON.parse(r.nationalities) as string[]).join(';'),
      r.gender,
      r.subprefecture,
      r.document_type,
      r.document_number,
      r.decided_at,
    ]),
  )
  return new Response(`\uFEFF${csv}`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="census-${cycle?.election_day ?? 'none'}.csv"`,
      'Cache-Control': 'no-store, private',
    },
  })
}
