import { useTranslation } from 'react-i18next'
import { formatNumber } from '../ui/format'
import { TableRegion } from '../ui/table'
import { contestTitle } from './ballot-form'
import { storedOrPlain } from '../i18n/original-text'
import { Localised, useLocalisedLabel } from '../ui/localised'
import { AuthoredText } from './polling-places-view'

// The paper counts on the public results page (issue #17): each paper polling place's confirmed
// count, clearly marked as paper, beside the electronic count the rest of the page shows.

type PlaceResult = {
  id: string
  name: string
  address: string
  language: string
  method: string
  paper_count: {
    confirmed_at: string
    contests: { id: string; candidates: { id: string; votes: number }[]; blank: number; void: number }[]
  } | null
}
type ContestResult = {
  id: string
  kind: string
  segment: string | null
  subprefecture: string | null
  candidates: { id: string; name: string; organisation: string | null }[]
}

/** Paper votes per (contest, candidacy) summed over the places, or null when there are none. */
export function paperVotesOf(places: PlaceResult[]) {
  const counted = places.filter((p) => p.paper_count)
  if (counted.length === 0) return null
  return (contestId: string, candidacyId: string) =>
    counted
      .flatMap((p) => p.paper_count!.contests.filter((c) => c.id === contestId))
      .flatMap((c) => c.candidates.filter((x) => x.id === candidacyId))
      .reduce((sum, x) => sum + x.votes, 0)
}

export function PaperCounts({
  places,
  contests,
  names,
}: {
  places: PlaceResult[]
  contests: ContestResult[]
  /** Each place's stored name with its translations (`name_i18n`), by id. */
  names: Record<string, string | null>
}) {
  const { t, i18n } = useTranslation(['polling', 'elections'])
  const label = useLocalisedLabel()
  const nameOf = (p: PlaceResult) => names[p.id] ?? storedOrPlain(null, p.name, p.language)
  const counted = places.filter((p) => p.paper_count)
  if (counted.length === 0) return null
  return (
    <section aria-labelledby="paper-counts" className="stack">
      <h2 id="paper-counts">{t('results.title')}</h2>
      <p>{t('results.intro')}</p>
      {counted.map((p) => (
        <section key={p.id} className="card stack" aria-labelledby={`paper-${p.id}`}>
          <h3 id={`paper-${p.id}`}>
            {t('results.placeHeading')}: <Localised json={nameOf(p)} />
          </h3>
          <p>
            <AuthoredText text={p.address} language={p.language} />
          </p>
          {p.paper_count!.contests.map((pc) => {
            const contest = contests.find((c) => c.id === pc.id)
            if (!contest) return null
            const name = (id: string) => {
              const x = contest.candidates.find((c) => c.id === id)
              return x ? (x.organisation ?? x.name) : id
            }
            return (
              <TableRegion
                key={pc.id}
                label={`${t('results.paper')} — ${label(nameOf(p)).label} — ${contestTitle(t, contest)}`}
                caption={<caption>{contestTitle(t, contest)}</caption>}
                headers={[t('elections:results.candidate'), t('results.paperVotes')]}
              >
                {pc.candidates.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{name(x.id)}</th>
                    <td>{formatNumber(x.votes, i18n.language)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('count.blank')}</th>
                  <td>{formatNumber(pc.blank, i18n.language)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('count.void')}</th>
                  <td>{pc.void}</td>
                </tr>
              </TableRegion>
            )
          })}
        </section>
      ))}
    </section>
  )
}
