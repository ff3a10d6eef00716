import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { QUESTION_KINDS, type ConsultationStatus, type QuestionKind } from '../../db/schema'
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/config'
import { pickText } from '../i18n/content'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, SelectField, TextAreaField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { ConsultationFields, type ConsultationDefaults, type TargetOptions } from './staff-view'
import { nextStatus } from './status'

// The staff page's authoring sections (secretariat): the next status step, translations of the
// whole text, and — while it is a draft — the text itself and the questions.

// Translations are of the official pt-BR text into the other languages.
const TRANSLATION_LANGUAGES = LANGUAGES.filter((l) => l !== 'pt-BR')

export function StatusStep({ status }: { status: ConsultationStatus }) {
  const { t } = useTranslation('consultations')
  const next = nextStatus(status)
  if (!next) return null
  return (
    <section aria-labelledby="status" className="stack card">
      <h2 id="status">{t('staff.status')}</h2>
      <p>{t(`staff.next.${next}`)}</p>
      <Form method="post">
        <input type="hidden" name="to" value={next} />
        <SubmitButton intent="status">{t(`staff.moveTo.${next}`)}</SubmitButton>
      </Form>
    </section>
  )
}

type TranslatableText = {
  consultation: { title_i18n: string; summary_i18n: string }
  sections: {
    id: string
    position: number
    heading_i18n: string
    paragraphs: { id: string; ref: string; body_i18n: string }[]
  }[]
}

/** Choose a language (a GET form, so the choice is in the address), then translate every part. */
export function TranslationSection({
  consultation: c,
  sections,
  translating: tr,
}: TranslatableText & { translating: string | null }) {
  const { t } = useTranslation(['consultations', 'common'])
  const stored = (json: string) => JSON.parse(json) as Record<string, string>
  // The original beside each field; a translation made from an earlier original says so (ADR 027).
  const hint = (json: string) => {
    const picked = pickText(json, tr ?? 'pt-BR')
    return picked.state === 'outdated'
      ? `${picked.original.text} — ${t('common:content.outdated')}`
      : picked.original.text
  }
  return (
    <section aria-labelledby="translate" className="stack card">
      <h2 id="translate">{t('staff.translate.title')}</h2>
      <p>{t('staff.translate.intro')}</p>
      <Form method="get" className="inline-form">
        <SelectField
          name="tr"
          label={t('staff.translate.language')}
          defaultValue={tr ?? ''}
          options={[
            { value: '', label: t('staff.translate.choose') },
            ...TRANSLATION_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l })),
          ]}
        />
        <button type="submit" className="secondary">
          {t('staff.translate.open')}
        </button>
      </Form>
      {tr ? (
        <Form method="post" className="stack">
          <input type="hidden" name="language" value={tr} />
          <TextField
            name="title"
            label={t('staff.translate.field', { what: t('staff.fields.title') })}
            hint={hint(c.title_i18n)}
            lang={tr}
            defaultValue={stored(c.title_i18n)[tr] ?? ''}
          />
          <TextAreaField
            name="summary"
            label={t('staff.translate.field', { what: t('staff.fields.summary') })}
            hint={hint(c.summary_i18n)}
            lang={tr}
            rows={3}
            defaultValue={stored(c.summary_i18n)[tr] ?? ''}
          />
          {sections.map((s) => {
            const heading = stored(s.heading_i18n)
            return (
              <fieldset key={s.id} className="stack">
                <legend>{t('page.section', { n: s.position })}</legend>
                {heading['pt-BR'] ? (
                  <TextField
                    name={`section_${s.id}`}
                    label={t('staff.translate.heading')}
                    hint={hint(s.heading_i18n)}
                    lang={tr}
                    defaultValue={heading[tr] ?? ''}
                  />
                ) : null}
                {s.paragraphs.map((p) => {
                  const body = stored(p.body_i18n)
                  return (
                    <TextAreaField
                      key={p.id}
                      name={`paragraph_${p.id}`}
                      label={`§ ${p.ref}`}
                      hint={hint(p.body_i18n)}
                      lang={tr}
                      rows={3}
                      defaultValue={body[tr] ?? ''}
                    />
                  )
                })}
              </fieldset>
            )
          })}
          <SubmitButton intent="translate">{t('staff.translate.save')}</SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}

/** The draft's text, dates and targets, as the author wrote them, to revise before publishing. */
export function DraftRevision({
  options,
  defaults,
}: {
  options: TargetOptions
  defaults: ConsultationDefaults
}) {
  const { t } = useTranslation('consultations')
  const failed = useActionFailure()('revise')
  return (
    <section aria-labelledby="revise" className="stack card">
      <h2 id="revise">{t('staff.revise')}</h2>
      <FormErrorSummary errors={failed?.fieldErrors} />
      <Form method="post" className="stack">
        <ConsultationFields
          options={options}
          errors={failed?.fieldErrors}
          values={failed?.values}
          defaults={defaults}
          selectedTargets={failed?.lists.targets}
        />
        <SubmitButton intent="revise">{t('staff.saveDraft')}</SubmitButton>
      </Form>
    </section>
  )
}

export function DraftQuestions({
  questions,
}: {
  questions: { id: string; kind: QuestionKind; prompt_i18n: string }[]
}) {
  const { t } = useTranslation('consultations')
  const failed = useActionFailure()('question')
  return (
    <section aria-labelledby="questions" className="stack card">
      <h2 id="questions">{t('staff.questions', { n: questions.length })}</h2>
      <ol>
        {questions.map((q) => (
          <li key={q.id}>
            <Localised json={q.prompt_i18n} /> ({t(`staff.questionKinds.${q.kind}`)})
          </li>
        ))}
      </ol>
      <Form method="post" className="stack">
        <SelectField
          name="kind"
          label={t('staff.questionKind')}
          defaultValue={failed?.values.kind ?? 'single'}
          error={failed?.fieldErrors.kind}
          options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`staff.questionKinds.${k}`) }))}
        />
        <TextField
          name="prompt"
          label={t('staff.questionPrompt')}
          defaultValue={failed?.values.prompt}
          error={failed?.fieldErrors.prompt}
        />
        <TextAreaField
          name="options"
          label={t('staff.questionOptions')}
          hint={t('staff.questionOptionsHint')}
          rows={4}
          defaultValue={failed?.values.options}
          error={failed?.fieldErrors.options}
        />
        <SubmitButton intent="question" className="secondary">
          {t('staff.addQuestion')}
        </SubmitButton>
      </Form>
    </section>
  )
}
