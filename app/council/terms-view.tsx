import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LEAVE_REASONS } from '../../db/schema'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { formatDate } from '../ui/format'
import { FormErrorSummary, SelectField, TextField, useErrorText } from '../ui/form'
import type { membersOn } from './bodies.server'
import type { bodySeatings, vacatedSeats } from './terms.server'
import { isolate, Localised, useLocalisedLabel } from '../ui/localised'

// A body page's terms and succession (ADR 016): the steps from the official result to the seats
// (gazette, swearing-in), the seats left and who took them, and the secretariat's forms.

type Seatings = SerializeFrom<Awaited<ReturnType<typeof bodySeatings>>>
type Seats = SerializeFrom<Awaited<ReturnType<typeof vacatedSeats>>>
type Member = SerializeFrom<Awaited<ReturnType<typeof membersOn>>[number]>

/** "Official result published in DOC … on …; sworn in on …", per election that seats this body. */
export function SeatingSteps({ seatings }: { seatings: Seatings }) {
  const { t, i18n } = useTranslation('council')
  if (seatings.length === 0) return null
  const date = (iso: string) => formatDate(iso, i18n.language)
  return (
    <section aria-labelledby="seatings">
      <h2 id="seatings">{t('terms.stepsTitle')}</h2>
      <ul className="stack">
        {seatings.map((s) => (
          <li key={s.id}>
            <strong>
              <Localised json={s.title_i18n} />
            </strong>
            :{' '}
            {s.gazette_published_on
              ? t('terms.published', {
                  reference: isolate(s.gazette_reference ?? ''),
                  date: date(s.gazette_published_on),
                })
              : t('terms.notPublished')}
            {'; '}
            {s.sworn_in_on ? t('terms.swornIn', { date: date(s.sworn_in_on) }) : t('terms.notSworn')}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Seats left by a full member: who took them (history), or who is proposed, or that none is left. */
export function Successions({ seats, canManage }: { seats: Seats; canManage: boolean }) {
  const { t, i18n } = useTranslation('council')
  const errorText = useErrorText()
  const failure = useActionFailure()
  if (seats.pending.length === 0 && seats.successions.length === 0) return null
  const why = (s: { reason: string; act: string | null }) =>
    s.act
      ? t('terms.whyWithAct', { reason: t(`leaveReasons.${s.reason}`), act: isolate(s.act ?? '') })
      : t(`leaveReasons.${s.reason}`)
  return (
    <section aria-labelledby="successions">
      <h2 id="successions">{t('terms.successionsTitle')}</h2>
      <ul className="stack">
        {seats.pending.map((s) => {
          const failed = failure('succeed', s.id)
          const left = t('terms.left', {
            name: isolate(s.display_name),
            date: formatDate(s.on, i18n.language),
            why: why(s),
          })
          return (
            <li key={s.id}>
              {left}{' '}
              {s.proposed ? (
                <>
                  {t('terms.proposed', { name: isolate(s.proposed.display_name) })}
                  {canManage ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="memberId" value={s.id} />
                      <SubmitButton intent="succeed" className="secondary">
                        {t('terms.confirm', { name: isolate(s.proposed.display_name) })}
                      </SubmitButton>
                    </Form>
                  ) : null}
                </>
              ) : (
                <strong>{t('terms.vacant')}</strong>
              )}
              {failed ? (
                <p className="notice notice--error" role="alert">
                  {errorText(failed.fieldErrors.form ?? failed.fieldErrors.memberId)}
                </p>
              ) : null}
            </li>
          )
        })}
        {seats.successions.map((s) => (
          <li key={s.id}>
            {t('terms.succeeded', {
              successor: isolate(s.successor),
              name: isolate(s.display_name),
              date: formatDate(s.on, i18n.language),
              why: why(s),
            })}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The secretariat records the official result's publication and the swearing-in. */
export function SeatingForms({ seatings }: { seatings: Seatings }) {
  const { t } = useTranslation('council')
  const label = useLocalisedLabel()
  const gazetteFailed = useActionFailure()('gazette')
  const swearFailed = useActionFailure()('swear')
  if (seatings.length === 0) return null
  const options = seatings.map((s) => ({ value: s.id, ...label(s.title_i18n) }))
  return (
    <section aria-labelledby="seating-forms" className="stack card">
      <h2 id="seating-forms">{t('terms.formsTitle')}</h2>
      <Form method="post" className="stack">
        <h3>{t('terms.gazetteTitle')}</h3>
        <FormErrorSummary errors={gazetteFailed?.fieldErrors} />
        <SelectField
          name="electionId"
          label={t('terms.election')}
          defaultValue={gazetteFailed?.values.electionId}
          error={gazetteFailed?.fieldErrors.electionId}
          options={options}
        />
        <TextField
          name="reference"
          label={t('terms.reference')}
          hint={t('terms.referenceHint')}
          defaultValue={gazetteFailed?.values.reference ?? seatings[0]?.gazette_reference ?? ''}
          error={gazetteFailed?.fieldErrors.reference}
        />
        <TextField
          name="publishedOn"
          type="date"
          label={t('terms.publishedOn')}
          defaultValue={gazetteFailed?.values.publishedOn}
          error={gazetteFailed?.fieldErrors.publishedOn}
        />
        <SubmitButton intent="gazette" className="secondary">
          {t('terms.gazetteSubmit')}
        </SubmitButton>
      </Form>
      <Form method="post" className="stack">
        <h3>{t('terms.swearTitle')}</h3>
        <FormErrorSummary errors={swearFailed?.fieldErrors} />
        <SelectField
          name="electionId"
          label={t('terms.election')}
          defaultValue={swearFailed?.values.electionId}
          error={swearFailed?.fieldErrors.electionId}
          options={options}
        />
        <TextField
          name="on"
          type="date"
          label={t('terms.swornOn')}
          defaultValue={swearFailed?.values.on}
          error={swearFailed?.fieldErrors.on}
        />
        <SubmitButton intent="swear" className="secondary">
          {t('terms.swearSubmit')}
        </SubmitButton>
      </Form>
    </section>
  )
}

/** A member leaves before the end of the term: the day, the reason and the act. */
export function DepartureForm({ members }: { members: Member[] }) {
  const { t } = useTranslation('council')
  const failed = useActionFailure()('leave')
  return (
    <section aria-labelledby="end-member" className="stack card">
      <h2 id="end-member">{t('staff.endMember')}</h2>
      <FormErrorSummary errors={failed?.fieldErrors} />
      <Form method="post" className="stack">
        <SelectField
          name="memberId"
          label={t('body.name')}
          defaultValue={failed?.values.memberId ?? ''}
          error={failed?.fieldErrors.memberId ?? failed?.fieldErrors.form}
          options={[
            { value: '', label: t('staff.choose') },
            ...members.map((m) => ({ value: m.id, label: `${m.display_name} (${t(`roles.${m.role}`)})` })),
          ]}
        />
        <TextField
          name="on"
          type="date"
          label={t('terms.leftOn')}
          hint={t('terms.leftOnHint')}
          defaultValue={failed?.values.on}
          error={failed?.fieldErrors.on}
        />
        <SelectField
          name="reason"
          label={t('staff.reason')}
          defaultValue={failed?.values.reason ?? 'resignation'}
          error={failed?.fieldErrors.reason}
          options={LEAVE_REASONS.map((r) => ({ value: r, label: t(`leaveReasons.${r}`) }))}
        />
        <TextField
          name="act"
          label={t('terms.act')}
          hint={t('terms.actHint')}
          defaultValue={failed?.values.act}
          error={failed?.fieldErrors.act}
        />
        <SubmitButton intent="leave" className="secondary">
          {t('staff.endSubmit')}
        </SubmitButton>
      </Form>
    </section>
  )
}
