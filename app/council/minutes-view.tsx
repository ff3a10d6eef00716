import type { SerializeFrom } from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { storedOrPlain } from '../i18n/original-text'
import { Localised, isolate } from '../ui/localised'
import { TitleLink } from './view'
import { DateTime } from '../ui/time'
import type { getMinutes } from './minutes.server'

// A minutes page's record as it was fixed when drafted, with its errata and approval.

export type Found = SerializeFrom<NonNullable<Awaited<ReturnType<typeof getMinutes>>>>

/** What the minutes say: errata first, then the record, the text, and the vote that approved them. */
export function MinutesRecord({ found }: { found: Found }) {
  const { t, i18n } = useTranslation('council')
  const n = found.minutes
  return (
    <>
      {found.errata.length ? (
        <section aria-labelledby="errata" className="notice">
          <h2 id="errata">{t('minutes.errata')}</h2>
          <ul>
            {found.errata.map((e) => (
              <li key={e.id}>
                <DateTime iso={e.published_at} language={i18n.language} dateOnly />:{' '}
                <span lang="pt-BR" dir="ltr">
                  {e.text}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {/* The record's labels are in the reader's language; what the secretariat wrote (names, motions,
          the text) is Portuguese and carries its own language and direction; item titles are shown
          in the reader's language when a translation was published (ADR 027). */}
      <section aria-labelledby="record">
        <h2 id="record">{t('minutes.record')}</h2>
        <p>{t('quorum.filled', { filled: n.record.quorum.filled, seats: n.record.quorum.seats })}</p>
        <h3>{t('meeting.attendance')}</h3>
        <ul>
          {n.record.attendance.map((a) => (
            <li key={a.name}>
              <bdi>{a.name}</bdi> — {t(`attendance.${a.status}`)}
              {a.sitting_in_for ? (
                <> ({t('meeting.sittingInFor', { name: isolate(a.sitting_in_for) })})</>
              ) : null}
            </li>
          ))}
        </ul>
        <h3>{t('meeting.agenda')}</h3>
        <ol>
          {n.record.items.map((i) => (
            <li key={i.position}>
              <strong>
                <Localised json={storedOrPlain(i.title_i18n, i.title)} />
              </strong>
              {i.motion ? (
                <>
                  {' '}
                  —{' '}
                  <span lang="pt-BR" dir="ltr">
                    {i.motion}
                  </span>
                </>
              ) : null}
              {i.outcome ? (
                <>
                  {' '}
                  — {t(`outcomes.${i.outcome}`)} (
                  {t('meeting.votesShort', { yes: i.yes ?? 0, no: i.no ?? 0, abstain: i.abstain ?? 0 })})
                </>
              ) : null}
              {i.resolution ? (
                <>
                  {' '}
                  — <bdi>{i.resolution}</bdi>
                </>
              ) : null}
            </li>
          ))}
        </ol>
        <h3>{t('minutes.text')}</h3>
        <p className="pre-wrap" lang="pt-BR" dir="ltr">
          {n.text}
        </p>
      </section>
      {found.approvedBy ? (
        <p>
          {t('minutes.approvedAt')}{' '}
          <TitleLink to={`/council/meetings/${found.approvedBy.id}`} row={found.approvedBy} /> (
          {t('meeting.votesShort', {
            yes: found.approvedBy.votes_yes ?? 0,
            no: found.approvedBy.votes_no ?? 0,
            abstain: found.approvedBy.votes_abstain ?? 0,
          })}
          )
        </p>
      ) : null}
    </>
  )
}
