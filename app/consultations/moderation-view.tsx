import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ANSWER_KINDS, type ConsultationStatus } from '../../db/schema'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { SelectField, TextAreaField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'
import { targetChoices, type TargetOptions } from './staff-view'
import { takesAnswers } from './status'
import { WrittenIn } from './view'
import { directionOf } from '../i18n/config'
import { useLocalisedLabel, type Label } from '../ui/localised'

// The staff page's work after people have spoken: the moderation queue (hide or keep a reported
// contribution) and the contributions still waiting for the council's official answer.

type Reported = {
  id: string
  author_name: string
  language: string
  body: string
  reports: number | string
  a_reason: unknown
}

export function ModerationQueue({ reported }: { reported: Reported[] }) {
  const { t } = useTranslation('consultations')
  const failedFor = useActionFailure()
  return (
    <section aria-labelledby="moderation" className="stack">
      <h2 id="moderation">{t('staff.moderation', { n: reported.length })}</h2>
      {reported.length === 0 ? <p>{t('staff.nothingReported')}</p> : null}
      <ul className="stack">
        {reported.map((r) => (
          <li key={r.id} className="card stack">
            <p>
              <strong>
                <bdi>{r.author_name}</bdi>
              </strong>{' '}
              · <WrittenIn language={r.language} /> · {t('staff.reports', { count: Number(r.reports) })}
            </p>
            <p className="pre-wrap" lang={r.language} dir={directionOf(r.language)}>
              {r.body}
            </p>
            <p className="muted">
              {t('staff.aReason')} {String(r.a_reason ?? '')}
            </p>
            <Form method="post" className="stack">
              <input type="hidden" name="contributionId" value={r.id} />
              <TextAreaField
                name="reason"
                label={t('thread.hideReason')}
                rows={2}
                defaultValue={failedFor('hide', r.id)?.values.reason}
                error={failedFor('hide', r.id)?.fieldErrors.reason}
              />
              <div className="actions">
                <SubmitButton intent="hide" className="danger">
                  {t('thread.hideSubmit')}
                </SubmitButton>
              </div>
            </Form>
            <Form method="post">
              <input type="hidden" name="contributionId" value={r.id} />
              <SubmitButton intent="keep" className="secondary">
                {t('staff.keep')}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  )
}

type Unanswered = {
  id: string
  paragraph_id: string | null
  author_name: string
  language: string
  body: string
  created_at: string
}

export function AnswerQueue({
  consultation,
  unanswered,
  options,
}: {
  consultation: { id: string; status: ConsultationStatus }
  unanswered: Unanswered[]
  options: TargetOptions
}) {
  const { t, i18n } = useTranslation('consultations')
  const label = useLocalisedLabel()
  const failedFor = useActionFailure()
  const answerTargets = [
    { value: '', label: t('staff.answer.noTarget') },
    ...targetChoices(options).map((o) => ({
      value: o.value,
      label: optionText(o.value, options, label),
    })),
  ]
  return (
    <section aria-labelledby="answers" className="stack">
      <h2 id="answers">{t('staff.answer.title', { n: unanswered.length })}</h2>
      {unanswered.length === 0 ? <p>{t('staff.answer.none')}</p> : null}
      <ul className="stack">
        {unanswered.map((u) => {
          const failed = failedFor('answer', u.id)
          return (
            <li key={u.id} className="card stack" id={`answer-${u.id}`}>
              <p>
                <strong>
                  <bdi>{u.author_name}</bdi>
                </strong>{' '}
                · <DateTime iso={u.created_at} language={i18n.language} /> ·{' '}
                <WrittenIn language={u.language} /> ·{' '}
                <Link to={`/consultations/${consultation.id}/p/${u.paragraph_id ?? 'general'}`}>
                  {t('staff.answer.inContext')}
                </Link>
              </p>
              <p className="pre-wrap" lang={u.language} dir={directionOf(u.language)}>
                {u.body}
              </p>
              {takesAnswers(consultation.status) ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="contributionId" value={u.id} />
                  <SelectField
                    name="answer"
                    label={t('staff.answer.decision')}
                    defaultValue={failed?.values.answer ?? ''}
                    error={failed?.fieldErrors.answer}
                    options={[
                      { value: '', label: t('staff.answer.choose') },
                      ...ANSWER_KINDS.map((a) => ({ value: a, label: t(`answers.${a}`) })),
                    ]}
                  />
                  <TextAreaField
                    name="text"
                    label={t('staff.answer.justification')}
                    rows={3}
                    defaultValue={failed?.values.text}
                    error={failed?.fieldErrors.text}
                  />
                  <SelectField
                    name="target"
                    label={t('staff.answer.target')}
                    hint={t('staff.answer.targetHint')}
                    defaultValue={failed?.values.target ?? ''}
                    error={failed?.fieldErrors.target}
                    options={answerTargets}
                  />
                  <TextField
                    name="note"
                    label={t('staff.answer.note')}
                    defaultValue={failed?.values.note}
                    error={failed?.fieldErrors.note}
                  />
                  <SubmitButton intent="answer">{t('staff.answer.submit')}</SubmitButton>
                </Form>
              ) : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** <option> holds text only: the target's code and title in the reader's language. */
function optionText(value: string, options: TargetOptions, label: (json: string) => Label): string {
  const [kind, id] = value.split(':')
  if (kind === 'action') {
    const a = options.actions.find((x) => x.id === id)
    return a ? `${a.code} — ${label(a.title_i18n).label}` : value
  }
  const c = options.campaigns.find((x) => x.id === id)
  return c ? `${label(c.title_i18n).label} (${c.year})` : value
}
