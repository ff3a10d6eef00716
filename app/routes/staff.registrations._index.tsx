import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableRegion } from '../ui/table'
import { Pager } from '../ui/pager'
import { DOCUMENT_TYPES, REGISTRATION_STATUSES } from '../../db/schema'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { getCurrentCycle } from '../registration/cycles.server'
import { unresolvedDuplicateCount } from '../registration/duplicate-review.server'
import { countryOptions } from '../registration/countries'
import { listSubprefectures } from '../registration/options.server'
import { listQueue } from '../registration/review.server'
import { QueueFiltersSchema } from '../registration/schemas.server'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['registration'], title: 'registration:queue.title' }

// Erased entries are bare census records kept for a held election, not work for the queue.
const QUEUE_STATUSES = REGISTRATION_STATUSES.filter((s) => s !== 'erased')

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'registration.queue')
  const db = getDb()
  const filters = QueueFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const canReviewDuplicates = can(toActor(user), 'registration.reviewDuplicates')
  const [queue, subprefectures, cycle] = await Promise.all([
    listQueue(db, filters),
    listSubprefectures(db),
    getCurrentCycle(db),
  ])
  const language = await getLanguage(request)
  return json({
    ...queue,
    filters,
    subprefectures,
    countries: countryOptions(language),
    canAssist: can(toActor(user), 'registration.assist'),
    canImport: can(toActor(user), 'registration.import'),
    duplicates: cycle && canReviewDuplicates ? await unresolvedDuplicateCount(db, cycle.id) : null,
  })
}

export default function RegistrationQueue() {
  const { t, i18n } = useTranslation(['registration', 'common'])
  const data = useLoaderData<typeof loader>()
  const f = data.filters
  const countryName = (code: string) => data.countries.find((c) => c.value === code)?.label ?? code
  return (
    <div className="page">
      <h1>{t('queue.title')}</h1>
      <p className="actions">
        {data.canAssist ? (
          <Link className="button" to="/staff/registrations/new">
            {t('queue.assisted')}
          </Link>
        ) : null}
        {data.canImport ? (
          <Link className="button secondary" to="/staff/registrations/import">
            {t('queue.import')}
          </Link>
        ) : null}
        {data.duplicates !== null ? (
          <Link className="button secondary" to="/staff/registrations/duplicates">
            {t('duplicates.link', { count: data.duplicates })}
          </Link>
        ) : null}
      </p>
      <Form method="get" className="filters" aria-label={t('queue.filters')}>
        <div className="field">
          <label htmlFor="f-status">{t('queue.status')}</label>
          <select id="f-status" name="status" defaultValue={f.status ?? ''}>
            <option value="">{t('queue.any')}</option>
            {QUEUE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sub">{t('fields.subprefecture')}</label>
          <select id="f-sub" name="subprefectureId" defaultValue={f.subprefectureId ?? ''}>
            <option value="">{t('queue.any')}</option>
            {data.subprefectures.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-nat">{t('fields.nationality')}</label>
          <select id="f-nat" name="nationality" defaultValue={f.nationality ?? ''}>
            <option value="">{t('queue.any')}</option>
            {data.countries.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-doc">{t('fields.documentType')}</label>
          <select id="f-doc" name="documentType" defaultValue={f.documentType ?? ''}>
            <option value="">{t('queue.any')}</option>
            {DOCUMENT_TYPES.map((d) => (
              <option key={d} value={d}>
                {t(`documentTypes.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">{t('queue.from')}</label>
          <input id="f-from" type="date" name="from" defaultValue={f.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('queue.to')}</label>
          <input id="f-to" type="date" name="to" defaultValue={f.to ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-sort">{t('queue.sort')}</label>
          <select id="f-sort" name="sort" defaultValue={f.sort}>
            <option value="oldest">{t('queue.oldest')}</option>
            <option value="newest">{t('queue.newest')}</option>
          </select>
        </div>
        <button type="submit">{t('queue.apply')}</button>
      </Form>
      <TableRegion
        label={t('queue.title')}
        caption={<caption className="visually-hidden">{t('queue.title')}</caption>}
        headers={[
          t('status.protocol'),
          t('fields.fullName'),
          t('fields.nationality'),
          t('fields.subprefecture'),
          t('queue.status'),
          t('queue.received'),
        ]}
      >
        {data.rows.length === 0 ? (
          <tr>
            <td colSpan={6}>{t('queue.empty')}</td>
          </tr>
        ) : null}
        {data.rows.map((r) => (
          <tr key={r.id}>
            <td className="mono protocol">
              <Link to={`/staff/registrations/${r.id}`} dir="ltr">
                {r.protocol}
              </Link>
            </td>
            <td>
              <bdi>{r.social_name ?? r.full_name}</bdi>
              {r.possible_duplicates > 0 ? (
                <>
                  {' '}
                  <span className="status-badge status-badge--rejected">{t('queue.possibleDuplicate')}</span>
                </>
              ) : null}
            </td>
            <td>
              {(JSON.parse(r.nationalities) as string[])
                .map((c) => (c === 'XX' ? t('fields.stateless') : countryName(c)))
                .join(', ')}
            </td>
            <td>{r.subprefecture}</td>
            <td>{t(`status.${r.status}`)}</td>
            <td>
              <DateTime iso={r.created_at} language={i18n.language} />
            </td>
          </tr>
        ))}
      </TableRegion>
      <Pager page={f.page} hasMore={data.hasMore} />
    </div>
  )
}
