import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pager } from '../ui/pager'
import { requirePermission } from '../auth/guards.server'
import { getEdition } from '../conference/editions.server'
import { listProposals, PAGE_SIZE } from '../conference/proposals.server'
import { PROPOSAL_ORIGINS } from '../conference/rules'
import { BackToEdition, useAxisLabel } from '../conference/view'
import { getDb } from '../lib/db.server'
import { SelectField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { ProposalFiltersSchema } from '../conference/schemas.server'
import { PROPOSAL_STATUSES } from '../../db/schema'

export const handle = {
  i18n: ['conference', 'reference'],
  title: 'conference:proposals.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: {
    tables: ['conference_axes', 'conference_editions', 'proposal_supports', 'proposals', 'thematic_axes'],
  },
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  const db = getDb()
  const found = await getEdition(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const filters = ProposalFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const result = await listProposals(db, {
    editionId: found.edition.id,
    axisId: filters.axis || undefined,
    origin: filters.origin,
    status: filters.status,
    q: filters.q || undefined,
    page: filters.page,
  })
  return json({
    edition: { id: found.edition.id, title_i18n: found.edition.title_i18n, phase: found.edition.phase },
    axes: found.axes,
    filters,
    pageSize: PAGE_SIZE,
    ...result,
  })
}

export default function Proposals() {
  const { t } = useTranslation(['conference', 'reference'])
  const { edition, axes, filters, rows, total, pageSize } = useLoaderData<typeof loader>()
  const axisLabel = useAxisLabel()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  return (
    <div className="page">
      <BackToEdition edition={edition} />
      <h1>{t('proposals.title')}</h1>
      {edition.phase === 'proposals_open' ? (
        <p>
          <Link className="button" to={`/conference/${edition.id}/proposals/new`}>
            {t('overview.propose')}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="filters" role="search" aria-label={t('proposals.filters')}>
        <TextField name="q" label={t('proposals.search')} defaultValue={filters.q ?? ''} type="search" />
        <SelectField
          name="axis"
          label={t('proposals.axis')}
          defaultValue={filters.axis ?? ''}
          options={[
            { value: '', label: t('proposals.any') },
            ...axes.map((a) => ({ value: a.id, label: axisLabel(a) })),
          ]}
        />
        <SelectField
          name="origin"
          label={t('proposals.origin')}
          defaultValue={filters.origin ?? ''}
          options={[
            { value: '', label: t('proposals.any') },
            ...PROPOSAL_ORIGINS.map((o) => ({
              value: o,
              label: t(`origins.${o}`),
            })),
          ]}
        />
        <SelectField
          name="status"
          label={t('proposals.status')}
          defaultValue={filters.status ?? ''}
          options={[
            { value: '', label: t('proposals.any') },
            ...PROPOSAL_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) })),
          ]}
        />
        <button type="submit">{t('proposals.apply')}</button>
      </Form>
      <p role="status">{t('proposals.found', { count: total })}</p>
      <ul className="cards">
        {rows.map((p) => (
          <li key={p.id} className="card">
            <h2 className="h3">
              <Link to={`/conference/${edition.id}/proposals/${p.id}`}>
                <Localised json={p.title_i18n} />
              </Link>
            </h2>
            <p className="muted">{axisLabel(axes.find((a) => a.id === p.axis_id))}</p>
            <p>
              <span className={`status-badge status-badge--${p.status}`}>{t(`statuses.${p.status}`)}</span> ·{' '}
              {t(`origins.${p.origin}`)} · {t('proposals.supports', { count: p.supports })}
            </p>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <Pager page={filters.page} hasMore={filters.page < pages}>
          <span>{t('proposals.pageOf', { page: String(filters.page), pages: String(pages) })}</span>
        </Pager>
      ) : null}
    </div>
  )
}
