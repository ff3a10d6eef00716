import { Form } from '@remix-run/react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from '../ui/action-feedback'
import { TrackerList } from './trackers-view'
import type { CastReceipt } from './voting.server'

export type BallotContest = {
  id: string
  kind: string
  segment: string | null
  subprefecture: string | null
  seats: number
  candidates: { id: string; display_name: string; organisation_name: string | null }[]
}

export function contestTitle(
  t: (k: string, o?: Record<string, unknown>) => string,
  c: { kind: string; segment: string | null; subprefecture: string | null },
) {
  return c.kind === 'segment'
    ? t(`elections:segments.${c.segment ?? 'A'}`)
    : t('elections:contest.subprefecture', { name: c.subprefecture })
}

/** One line saying who stands in a CMI segment (A organisations of immigrants, B supporting ones, C people). */
export function segmentHelp(
  t: (k: string, o?: Record<string, unknown>) => string,
  c: { kind: string; segment: string | null },
): string | null {
  return c.kind === 'segment' && c.segment ? t(`elections:segmentHelp.${c.segment}`) : null
}

type Hidden = Record<string, string>
const HiddenFields = ({ fields }: { fields: Hidden }) => (
  <>
    {Object.entries(fields).map(([k, v]) => (
      <input key={k} type="hidden" name={k} value={v} />
    ))}
  </>
)

/** One question per contest: one choice or blank. Plain radios: works without JavaScript. */
export function BallotForm({
  contests,
  selected,
  missing = [],
  error,
  hidden = {},
}: {
  contests: BallotContest[]
  selected: Record<string, string>
  missing?: string[]
  error?: string
  hidden?: Hidden
}) {
  const { t } = useTranslation('elections')
  return (
    <Form method="post" className="stack">
      {error ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      {missing.length ? (
        <p className="notice notice--error" role="alert">
          {t('vote.missingSummary')}
        </p>
      ) : null}
      {contests.map((c) => (
        <fieldset
          key={c.id}
          className="field radio-group card"
          aria-describedby={missing.includes(c.id) ? `${c.id}-error` : undefined}
        >
          <legend>
            <strong>{contestTitle(t, c)}</strong> — {t('vote.chooseOne')}
          </legend>
          {missing.includes(c.id) ? (
            <p id={`${c.id}-error`} className="field-error">
              {t('vote.missing')}
            </p>
          ) : null}
          {c.candidates.map((cand) => (
            <div className="checkbox" key={cand.id}>
              <input
                type="radio"
                id={`${c.id}-${cand.id}`}
                name={`contest_${c.id}`}
                value={cand.id}
                defaultChecked={selected[c.id] === cand.id}
              />
              <label htmlFor={`${c.id}-${cand.id}`}>
                <bdi>{cand.display_name}</bdi>
                {cand.organisation_name ? (
                  <>
                    {' '}
                    (<bdi>{cand.organisation_name}</bdi>)
                  </>
                ) : null}
              </label>
            </div>
          ))}
          <div className="checkbox">
            <input
              type="radio"
              id={`${c.id}-blank`}
              name={`contest_${c.id}`}
              value="blank"
              defaultChecked={selected[c.id] === 'blank'}
            />
            <label htmlFor={`${c.id}-blank`}>{t('vote.blank')}</label>
          </div>
        </fieldset>
      ))}
      <HiddenFields fields={hidden} />
      <input type="hidden" name="intent" value="review" />
      <SubmitButton>{t('vote.review')}</SubmitButton>
    </Form>
  )
}

/** The last look before the ballot becomes final: the choices travel as hidden fields. */
export function BallotReview({
  contests,
  selected,
  hidden = {},
  onConfirm,
}: {
  contests: BallotContest[]
  selected: Record<string, string>
  hidden?: Hidden
  /** With JavaScript on a verifiable ballot: confirming encrypts on the device (device-ballot-panel). */
  onConfirm?: (event: FormEvent<HTMLFormElement>) => void
}) {
  const { t } = useTranslation('elections')
  return (
    <>
      <p>{t('vote.reviewIntro')}</p>
      <dl className="summary-list">
        {contests.map((c) => {
          const choice = selected[c.id]
          const cand = c.candidates.find((x) => x.id === choice)
          return (
            <div key={c.id} className="contents">
              <dt>{contestTitle(t, c)}</dt>
              <dd>{cand ? <bdi>{cand.display_name}</bdi> : t('vote.blank')}</dd>
            </div>
          )
        })}
      </dl>
      <div className="actions">
        <Form method="post" onSubmit={onConfirm}>
          {Object.entries(selected).map(([k, v]) => (
            <input key={k} type="hidden" name={`contest_${k}`} value={v} />
          ))}
          <HiddenFields fields={hidden} />
          <input type="hidden" name="intent" value="cast" />
          <SubmitButton>{t('vote.confirm')}</SubmitButton>
        </Form>
        <Form method="post">
          {Object.entries(selected).map(([k, v]) => (
            <input key={k} type="hidden" name={`contest_${k}`} value={v} />
          ))}
          <HiddenFields fields={hidden} />
          <input type="hidden" name="intent" value="edit" />
          <SubmitButton className="secondary">{t('vote.change')}</SubmitButton>
        </Form>
      </div>
    </>
  )
}

export function TrackingCode({ code }: { code: string }) {
  const { t } = useTranslation('elections')
  return (
    <div className="notice notice--ok" role="status">
      <p>{t('vote.done')}</p>
      <p>{t('vote.trackingIntro')}</p>
      <p className="receipt protocol mono">{code}</p>
      <p>{t('vote.trackingHow')}</p>
    </div>
  )
}

/**
 * What the voter sees once their vote is in: the tracking code of a 'plain' election, or the smart
 * ballot trackers of a 'belenios' one (the fingerprints of their encrypted ballots, ADR 034).
 */
export function CastReceiptNotice({ receipt }: { receipt: CastReceipt }) {
  const { t } = useTranslation('elections')
  if (receipt.format === 'plain') return <TrackingCode code={receipt.trackingCode} />
  return (
    <div className="notice notice--ok" role="status">
      <p>{t('vote.done')}</p>
      {/* Said plainly: without JavaScript the server saw the choices while encrypting them (ADR 036). */}
      <p>
        <strong>{t(`encrypt.by.${receipt.encryptedBy}`)}</strong>
      </p>
      <p>{t('verifiable.trackersIntro')}</p>
      <TrackerList trackers={receipt.trackers} />
      <p>{t('verifiable.trackersHow')}</p>
    </div>
  )
}

/** Contests on the ballot that have no choice yet (blank counts as a choice). */
export function missingChoices(contests: { id: string }[], choices: Record<string, string>): string[] {
  return contests.filter((c) => !choices[c.id]).map((c) => c.id)
}
