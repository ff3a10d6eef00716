import { useTranslation } from 'react-i18next'
import { formatDate, formatNumber } from '../ui/format'
import { DateTime } from '../ui/time'
import { contestTitle } from './ballot-form'
import type { RulesSummary } from './rules-summary'
import { TableRegion } from '../ui/table'

/**
 * The election's rules on its public page (issue #17), every number from the election's data:
 * the body and its composition, the seats and alternates per contest, parity, the tie-break, who
 * votes, who stands and when. Headings and short paragraphs, so it reads on a phone and in Arabic.
 */
export function ElectionRulesSection({ rules }: { rules: RulesSummary }) {
  const { t, i18n } = useTranslation(['elections', 'registration'])
  const n = (value: number) => formatNumber(value, i18n.language)
  const c = rules.composition
  return (
    <section aria-labelledby="rules" className="stack election-rules">
      <h2 id="rules">{t('rules.title')}</h2>

      <h3>{t('rules.bodyHeading')}</h3>
      <p>
        {rules.body === 'cmi'
          ? c
            ? t('rules.compositionCmi', {
                seats: n(c.seats),
                alternates: n(c.seats * c.alternatesPerSeat),
                government: n(c.governmentSeats),
                civil: n(c.civilSocietySeats),
              })
            : t('rules.bodyCmi')
          : t('rules.compositionCpm', { councils: n(rules.contests.length) })}
      </p>

      <h3 id="rules-seats">{t('rules.seatsHeading')}</h3>
      <p>
        {t('rules.seatsTotal', {
          seats: t('counts.seats', { count: rules.seats.total }),
          alternates: t('counts.alternates', { count: rules.alternates }),
        })}
        {rules.seats.overall > 0 ? ` ${t('rules.overallSeats', { count: rules.seats.overall })}` : ''}
      </p>
      <TableRegion
        labelledBy="rules-seats"
        className="rules-table"
        caption={<caption className="visually-hidden">{t('rules.seatsHeading')}</caption>}
        headers={[t('rules.contest'), t('rules.seats'), t('rules.alternates')]}
      >
        {rules.contests.map((x) => (
          <tr key={x.id}>
            <th scope="row">{contestTitle(t, x)}</th>
            <td>{n(x.seats)}</td>
            <td>{n(x.alternates)}</td>
          </tr>
        ))}
      </TableRegion>

      <h3>{t('rules.parityHeading')}</h3>
      {rules.parity.enabled ? (
        <>
          <p>
            {t('rules.parity', {
              pct: formatNumber(rules.parity.minSharePct / 100, i18n.language, { style: 'percent' }),
            })}
          </p>
          <p>{t('rules.parityCounts')}</p>
          <ul>
            {rules.parity.countsTowards.map((g) => (
              <li key={g}>{t(`registration:genders.${g}`)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('rules.parityOff')}</p>
      )}

      <h3>{t('rules.tieBreakHeading')}</h3>
      <ol>
        {rules.tieBreak.map((step) => (
          <li key={step}>
            {t(`rules.tieBreak.${step}`)}
            {step === 'draw' ? (
              <>
                {' '}
                <code className="break" dir="ltr">
                  {rules.drawSeed}
                </code>
              </>
            ) : null}
          </li>
        ))}
      </ol>

      <h3>{t('rules.votersHeading')}</h3>
      <ul>
        {rules.voters.minAge !== null ? (
          // The date is formatted by Intl, whose output can differ slightly between server and browser.
          <li suppressHydrationWarning>
            {rules.voters.ageOn
              ? t('rules.voterAgeOn', {
                  age: n(rules.voters.minAge),
                  date: formatDate(rules.voters.ageOn, i18n.language),
                })
              : t('rules.voterAge', { age: n(rules.voters.minAge) })}
          </li>
        ) : null}
        <li>{t(`rules.livingIn.${rules.voters.livingIn}`)}</li>
        <li>{t('rules.anyStatus')}</li>
        <li>{t(`rules.choices.${rules.voters.choices}`)}</li>
      </ul>

      <h3>{t('rules.candidatesHeading')}</h3>
      <ul>
        {rules.candidates.minAge !== null ? (
          <li>{t('rules.candidateAge', { age: n(rules.candidates.minAge) })}</li>
        ) : null}
        {rules.candidates.rule === 'segments' ? (
          rules.candidates.segments.map((s) => <li key={s}>{t(`rules.standSegment.${s}`)}</li>)
        ) : (
          <li>{t('rules.standSubprefecture')}</li>
        )}
      </ul>

      <h3>{t('rules.hoursHeading')}</h3>
      <p>
        {rules.votingWindow ? (
          <>
            <DateTime iso={rules.votingWindow.starts} language={i18n.language} /> –{' '}
            <DateTime iso={rules.votingWindow.ends} language={i18n.language} />
          </>
        ) : (
          t('rules.hoursNotSet')
        )}
      </p>
    </section>
  )
}
