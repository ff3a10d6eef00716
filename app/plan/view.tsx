import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Localised } from '../ui/localised'
import { formatNumber, formatPercent } from '../ui/format'
import { TableRegion } from '../ui/table'
import { directionOf } from '../i18n/config'

/** A bar that is decoration for a number written next to it: the table is the chart. */
export function ProgressCell({ progress }: { progress: number | null }) {
  const { t, i18n } = useTranslation('plan')
  if (progress === null) return <span className="muted">{t('noData')}</span>
  return (
    <span className="progress-cell">
      <span className="bar" style={{ inlineSize: `${Math.round(progress * 100)}%` }} aria-hidden="true" />
      <span>{formatPercent(progress, i18n.language)}</span>
    </span>
  )
}

export function IndicatorStatus({ status }: { status: string | null }) {
  const { t } = useTranslation('plan')
  return (
    <span className={`status-badge status-badge--${status ?? 'no_data'}`}>
      {t(`statuses.${status ?? 'no_data'}`)}
    </span>
  )
}

export function StatusCounts({ byStatus }: { byStatus: Record<string, number> }) {
  const { t } = useTranslation('plan')
  const parts = (['achieved', 'on_track', 'delayed', 'not_started', 'cancelled', 'no_data'] as const).filter(
    (s) => byStatus[s],
  )
  return <>{parts.map((s) => `${t(`statuses.${s}`)}: ${byStatus[s]}`).join(' · ')}</>
}

export function AxisLabel({ code }: { code: string }) {
  const { t } = useTranslation('reference')
  return <>{t(`reference:axes.${code}`)}</>
}

export function DemoNotice({ isDemo }: { isDemo: boolean | number }) {
  const { t } = useTranslation('plan')
  return isDemo ? <p className="notice">{t('demoNotice')}</p> : null
}

export function ActionLink({ action }: { action: { id: string; code: string; title_i18n: string } }) {
  return (
    <Link to={`/plan/actions/${action.id}`}>
      {action.code} — <Localised json={action.title_i18n} />
    </Link>
  )
}

export const formatValue = (value: number, language: string) =>
  formatNumber(value, language, { maximumFractionDigits: 2 })

/**
 * A small line chart of an indicator's published values, drawn on the server as SVG (no
 * JavaScript). It is labelled as an image with a summary; the table next to it has every number.
 */
export function HistoryChart({
  points,
  baseline,
  target,
  label,
}: {
  points: { date: string; value: number }[]
  baseline: number
  target: number
  label: string
}) {
  if (points.length === 0) return null
  const width = 320
  const height = 140
  const pad = 24
  const values = [baseline, target, ...points.map((p) => p.value)]
  const min = Math.min(...values)
  const max = Math.max(...values)
  const span = max - min || 1
  const x = (i: number) =>
    pad + (points.length === 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (points.length - 1))
  const y = (v: number) => height - pad - ((v - min) * (height - 2 * pad)) / span
  const line = points.map((p, i) => `${x(i)},${y(p.value)}`).join(' ')
  return (
    <svg
      className="history-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
    >
      <line x1={pad} x2={width - pad} y1={y(target)} y2={y(target)} className="history-chart__target" />
      <line x1={pad} x2={width - pad} y1={y(baseline)} y2={y(baseline)} className="history-chart__baseline" />
      <polyline points={line} className="history-chart__line" />
      {points.map((p, i) => (
        <circle key={`${p.date}-${i}`} cx={x(i)} cy={y(p.value)} r={4} className="history-chart__point" />
      ))}
    </svg>
  )
}

export function PledgeTable({
  pledge,
  labelledBy,
}: {
  pledge: { year: number; delivered: number; planned: number; met: boolean; onCourse: boolean }[]
  labelledBy: string
}) {
  const { t, i18n } = useTranslation('plan')
  return (
    <TableRegion
      labelledBy={labelledBy}
      headers={[t('pledge.year'), t('pledge.delivered'), t('pledge.planned'), t('pledge.result')]}
    >
      {pledge.map((y) => (
        <tr key={y.year}>
          <th scope="row">
            <Link to={`/plan/campaigns#year-${y.year}`}>{y.year}</Link>
          </th>
          <td>{formatNumber(y.delivered, i18n.language)}</td>
          <td>{formatNumber(y.planned, i18n.language)}</td>
          <td>
            <span
              className={`status-badge status-badge--${y.met ? 'achieved' : y.onCourse ? 'on_track' : 'delayed'}`}
            >
              {t(y.met ? 'pledge.met' : y.onCourse ? 'pledge.onCourse' : 'pledge.notMet')}
            </span>
          </td>
        </tr>
      ))}
    </TableRegion>
  )
}

export type OriginView = {
  id: string
  note: string | null
  proposal_id: string | null
  proposal_title: string | null
  proposal_language: string | null
  conference_id: string | null
  conference_title_i18n: string | null
  contribution_id: string | null
  contribution_body: string | null
  contribution_language: string | null
  hidden_at: string | null
  paragraph_id: string | null
  answer: string | null
  consultation_id: string | null
  consultation_title_i18n: string | null
}

/** Where an action or campaign came from: conference proposals and consultation contributions. */
export function Origins({ origins }: { origins: OriginView[] }) {
  const { t } = useTranslation('plan')
  if (origins.length === 0) return <p>{t('trace.noOrigins')}</p>
  return (
    <ul className="stack origins">
      {origins.map((o) =>
        o.proposal_id ? (
          <li key={o.id} className="origin origin--proposal">
            <span className="origin__kind">{t('trace.proposal')}</span>{' '}
            <Link
              to={`/conference/${o.conference_id}/proposals/${o.proposal_id}`}
              lang={o.proposal_language ?? undefined}
            >
              {o.proposal_title}
            </Link>{' '}
            (<Localised json={o.conference_title_i18n ?? '{}'} />){o.note ? ` — ${o.note}` : ''}
          </li>
        ) : (
          <li key={o.id} className="origin origin--contribution">
            <span className="origin__kind">{t('trace.contribution')}</span>{' '}
            <Link
              to={`/consultations/${o.consultation_id}/p/${o.paragraph_id ?? 'general'}#c-${o.contribution_id}`}
            >
              <Localised json={o.consultation_title_i18n ?? '{}'} />
            </Link>
            {o.hidden_at ? null : (
              <blockquote
                className="pre-wrap"
                lang={o.contribution_language ?? undefined}
                dir={o.contribution_language ? directionOf(o.contribution_language) : 'auto'}
              >
                {o.contribution_body}
              </blockquote>
            )}
            {o.note ? <p dir="auto">{o.note}</p> : null}
          </li>
        ),
      )}
    </ul>
  )
}
