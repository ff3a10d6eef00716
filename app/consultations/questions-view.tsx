import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { QuestionKind } from '../../db/schema'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { RadioGroup, TextAreaField } from '../ui/form'
import { Localised, useLocalisedLabel } from '../ui/localised'

// The consultation's questions on its public page: a form while it takes contributions (with the
// person's earlier answers ticked), the list of prompts otherwise.

type Question = { id: string; kind: QuestionKind; prompt_i18n: string; options_i18n: string | null }

export function QuestionsSection({
  questions,
  answers,
  accepting,
  signedIn,
  loginTo,
  doneNotice,
}: {
  questions: Question[]
  /** The person's saved answers, by question id. */
  answers: Record<string, string[]>
  accepting: boolean
  signedIn: boolean
  /** Where to come back after logging in. */
  loginTo: string
  doneNotice: ReactNode
}) {
  const { t } = useTranslation('consultations')
  const label = useLocalisedLabel()
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  return (
    <section aria-labelledby="questions" className="stack card">
      <h2 id="questions">{t('questions.title')}</h2>
      {doneNotice}
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errors.form}`)}
        </p>
      ) : null}
      {accepting && signedIn ? (
        <Form method="post" className="stack">
          {questions.map((q) => {
            const prompt = <Localised json={q.prompt_i18n} />
            const field = `q_${q.id}`
            // After a failed post, what was sent (one value per field is echoed back); else what is saved.
            const given = failed?.values
              ? failed.values[field]
                ? [failed.values[field]!]
                : []
              : (answers[q.id] ?? [])
            if (q.kind === 'text')
              return (
                <TextAreaField
                  key={q.id}
                  name={`q_${q.id}`}
                  label={label(q.prompt_i18n).label}
                  rows={3}
                  defaultValue={given[0]}
                  error={errors?.[field]}
                />
              )
            const options = (
              JSON.parse(q.options_i18n ?? '[]') as { key: string; label: Record<string, string> }[]
            ).map((o) => ({ value: o.key, label: <Localised json={o.label} /> }))
            return (
              <RadioGroup
                key={q.id}
                name={`q_${q.id}`}
                legend={prompt}
                options={options}
                multiple={q.kind === 'multiple'}
                defaultValue={given}
                error={errors?.[field]}
                hint={q.kind === 'multiple' ? t('questions.multipleHint') : undefined}
              />
            )
          })}
          <SubmitButton>{t('questions.submit')}</SubmitButton>
        </Form>
      ) : (
        <ul>
          {questions.map((q) => (
            <li key={q.id}>
              <Localised json={q.prompt_i18n} />
            </li>
          ))}
        </ul>
      )}
      {accepting && !signedIn ? (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(loginTo)}`}>{t('page.signInToTakePart')}</Link>
        </p>
      ) : null}
    </section>
  )
}
