import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { listAudit, verifyAuditChain } from '../audit/audit.server'
import { requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { Pager } from '../ui/pager'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'
import { TableRegion } from '../ui/table'

export const handle = { i18n: ['admin'], title: 'admin:audit.title' }

const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) })

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'audit.read')
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const db = getDb()
  const [list, verification] = await Promise.all([listAudit(db, { page }), verifyAuditChain(db)])
  return json({ ...list, page, verification })
}

export default function AuditPage() {
  const { t, i18n } = useTranslation('admin')
  const data = useLoaderData<typeof loader>()
  const v = data.verification
  return (
    <div className="page">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      {v.ok ? (
        <p className="notice notice--ok" role="status">
          {t('audit.chainOk', { count: v.entries })} <code>{v.head}</code>
        </p>
      ) : (
        <p className="notice notice--error" role="alert">
          {t('audit.chainBroken', { seq: v.brokenAtSeq })}
        </p>
      )}
      <TableRegion
        caption={<caption className="muted">{t('audit.caption', { count: data.total })}</caption>}
        label={t('audit.caption', { count: data.total })}
        headers={['#', t('audit.when'), t('audit.who'), t('audit.what'), t('audit.change')]}
      >
        {data.rows.map((row) => (
          <tr key={row.seq}>
            <td>{row.seq}</td>
            <td>
              <DateTime iso={row.occurred_at} language={i18n.language} />
            </td>
            <td>{row.actor_name ?? '—'}</td>
            <td>
              <code>{row.action}</code> {row.entity_type} <code>{row.entity_id}</code>
            </td>
            <td>
              <code>{row.before_json ?? '∅'}</code> <Arrow kind="forward" />{' '}
              <code>{row.after_json ?? '∅'}</code>
            </td>
          </tr>
        ))}
      </TableRegion>
      <Pager page={data.page} hasMore={data.page * data.pageSize < data.total} />
    </div>
  )
}
