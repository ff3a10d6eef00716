import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDate, formatNumber } from '../ui/format'
import type { ShareRowProblem } from './share-csv'
import { TableRegion } from '../ui/table'

// The immigrant share per subprefecture and the Participatory Council seats it gives (issue #17):
// one table for the commission's preview and the public election page.

export type ShareTableRow = {
  key: string | number
  name: ReactNode
  immigrant: number | null
  total: number | null
  share: number | null
  source: string | null
  referenceDate: string | null
  seats: number
}

export function SharesTable({
  caption,
  rows,
  totalSeats,
}: {
  caption: string
  rows: ShareTableRow[]
  totalSeats: number
}) {
  const { t, i18n } = useTranslation('elections')
  const lng = i18n.language
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, lng))
  return (
    <TableRegion
      caption={<caption>{caption}</caption>}
      label={caption}
      headers={[
        t('shares.columns.subprefecture'),
        t('shares.columns.immigrant_population'),
        t('shares.columns.total_population'),
        t('shares.share'),
        t('shares.columns.source'),
        t('shares.columns.reference_date'),
        t('shares.seats'),
      ]}
      footer={
        <>
          <tr>
            <th scope="row" colSpan={6}>
              {t('shares.total')}
            </th>
            <td>{formatNumber(totalSeats, lng)}</td>
          </tr>
        </>
      }
    >
      {rows.map((r) => (
        <tr key={r.key}>
          <th scope="row">
            <bdi>{r.name}</bdi>
          </th>
          <td>{n(r.immigrant)}</td>
          <td>{n(r.total)}</td>
          <td>
            {r.share === null
              ? t('shares.noShare')
              : `${formatNumber(r.share, lng, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`}
          </td>
          <td lang="pt-BR" dir="ltr">
            {r.source ?? '—'}
          </td>
          <td>{r.referenceDate ? formatDate(r.referenceDate, lng) : '—'}</td>
          <td>{formatNumber(r.seats, lng)}</td>
        </tr>
      ))}
    </TableRegion>
  )
}

/** The lines of a refused file, each with what is wrong, translated. */
export function ShareImportProblems({ problems }: { problems: ShareRowProblem[] }) {
  const { t } = useTranslation('elections')
  return (
    <ul className="stack">
      {problems.map((p) => (
        <li key={`${p.line}-${p.column}`}>
          {t('shares.problemLine', {
            line: p.line,
            column: t(`shares.columns.${p.column}`),
            problem: t(`shares.problems.${p.error}`, {
              value: p.value ?? '',
              line: p.firstLine ?? '',
            }),
          })}
        </li>
      ))}
    </ul>
  )
}

/** A CPM election's contests with the figures they were created from (the public election page). */
type CpmContest = {
  id: string
  seats: number
  immigrant_population: number | null
  total_population: number | null
  share_source: string | null
  share_reference_date: string | null
}

export function CpmSeats<C extends CpmContest>({
  contests,
  nameOf,
}: {
  contests: C[]
  nameOf: (contest: C) => ReactNode
}) {
  const { t } = useTranslation('elections')
  const totalSeats = contests.reduce((n, c) => n + c.seats, 0)
  return (
    <>
      <p>{t('shares.publicIntro', { count: totalSeats })}</p>
      <SharesTable
        caption={t('shares.publicCaption')}
        totalSeats={totalSeats}
        rows={contests.map((c) => ({
          key: c.id,
          name: nameOf(c),
          immigrant: c.immigrant_population,
          total: c.total_population,
          share:
            c.immigrant_population !== null && c.total_population
              ? (c.immigrant_population * 100) / c.total_population
              : null,
          source: c.share_source,
          referenceDate: c.share_reference_date,
          seats: c.seats,
        }))}
      />
      <p>
        <a href="/open-data/subprefectures.json">{t('shares.openData')}</a>
      </p>
    </>
  )
}
