import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { searchArchive } from '../council/archive.server'
import { MinutesLink } from '../council/view'
import { listBodies } from '../council/bodies.server'
import { Localised, useLocalisedLabel } from '../ui/localised'
import { storedOrPlain } from '../i18n/original-text'
import { getDb } from '../lib/db.server'
import { SelectField, TextField } from '../ui/form'
import { Pager } from '../ui/pager'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['council'],
  title: 'council:archive.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: { tables: ['council_bodies', 'meetings', 'minutes', 'resolutions'] },
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'council.view')
  const db = getDb()
  const params = new URL(request.url).searchParams
  const year = Number(params.get('year'))
  const filters = {
    q: params.get('q')?.slice(0, 200) || undefined,
    bodyId: params.get('body')?.slice(0, 40) || undefined,
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined,
    type: (['minutes', 'resolutions'] as const).find((x) => x === params.get('type')),
  }
  const page = Math.max(1, Math.min(1000, Number(params.get('page')) || 1))
  const currentYear = new Date().getUTCFullYear()
  return json({
    filters,
    page,
    ...(await searchArchive(db, { ...filters, page })),
    bodies: await listBodies(db),
    years: Array.from({ length: currentYear - 2015 }, (_, i) => currentYear - i),
  })
}

export default function Archive() {
  const { t, i18n } = useTranslation('council')
  const label = useLocalisedLabel()
  const data = useLoaderData<typeof loader>()
  const f = data.filters
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/council">{t('home.title')}</Link>
      </p>
      <h1>{t('archive.title')}</h1>
      <p>{t('archive.intro')}</p>
      <Form method="get" className="filters stack" role="search" aria-label={t('archive.search')}>
        <TextField name="q" type="search" label={t('archive.words')} defaultValue={f.q ?? ''} />
        <SelectField
          name="body"
          label={t('archive.body')}
          defaultValue={f.bodyId ?? ''}
          options={[
            { value: '', label: t('archive.all') },
            ...data.bodies.map((b) => ({ value: b.id, ...label(b.name_i18n) })),
          ]}
        />
        <SelectField
          name="year"
          label={t('archive.year')}
          defaultValue={f.year ? String(f.year) : ''}
          options={[
            { value: '', label: t('archive.all') },
            ...data.years.map((y) => ({ value: String(y), label: String(y) })),
          ]}
        />
        <SelectField
          name="type"
          label={t('archive.type')}
          defaultValue={f.type ?? ''}
          options={[
            { value: '', label: t('archive.both') },
            { value: 'minutes', label: t('archive.minutes') },
            { value: 'resolutions', label: t('archive.resolutions') },
          ]}
        />
        <button type="submit">{t('archive.submit')}</button>
      </Form>
      <div role="status">
        {data.minutes.length === 0 && data.resolutions.length === 0 ? <p>{t('archive.nothing')}</p> : null}
      </div>
      {data.minutes.length ? (
        <section aria-labelledby="found-minutes">
          <h2 id="found-minutes">{t('archive.minutes')}</h2>
          <ul className="stack">
            {data.minutes.map((m) => (
              <li key={m.id}>
                <MinutesLink meetingId={m.meeting_id} meeting={m} /> — <Localised json={m.body_name_i18n} />,{' '}
                <DateTime iso={m.starts_at} language={i18n.language} dateOnly />
                {m.summary_i18n ? <Localised as="p" json={m.summary_i18n} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.resolutions.length ? (
        <section aria-labelledby="found-resolutions">
          <h2 id="found-resolutions">{t('archive.resolutions')}</h2>
          <ul className="stack">
            {data.resolutions.map((r) => (
              <li key={r.id}>
                <Link to={`/council/resolutions/${r.id}`}>{r.code}</Link> —{' '}
                <Localised json={storedOrPlain(r.title_i18n, r.title)} />
                {r.summary_i18n ? <Localised as="p" json={r.summary_i18n} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Pager page={data.page} hasMore={data.hasMore} />
    </div>
  )
}
