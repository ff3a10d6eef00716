import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EasyReadLink } from '../easyread/easy-read-link'
import { LANGUAGE_NAMES, LANGUAGES, directionOf } from '../i18n/config'
import { formatTimeOfDay } from '../ui/format'
import type { ActionFailure } from '../lib/form-action.server'
import { SubmitButton } from '../ui/action-feedback'
import { FormErrorSummary, RadioGroup, SelectField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { storedOrPlain } from '../i18n/original-text'

// Polling places on the page (issue #17): the public list on the election page, and the
// commission's form to register or change a place. Name and address are shown as written, marked
// with the language they were written in; everything around them is translated.

export type PlaceView = {
  id: string
  name: string
  name_i18n: string | null
  address: string
  text_language: string
  opens_at: string
  closes_at: string
  method: 'booth' | 'paper'
  subprefectures: { id: number; name: string }[]
}

/** Authored text in its own language; the label says which when it is not the reader's. */
export function AuthoredText({ text, language }: { text: string; language: string }) {
  const { t, i18n } = useTranslation('polling')
  return (
    <>
      <span lang={language} dir={directionOf(language)}>
        {text}
      </span>
      {language !== i18n.language ? (
        <span className="muted">
          {' '}
          ({t('writtenIn', { language: LANGUAGE_NAMES[language as keyof typeof LANGUAGE_NAMES] ?? language })}
          )
        </span>
      ) : null}
    </>
  )
}

export function PollingPlacesList({ places, electionId }: { places: PlaceView[]; electionId?: string }) {
  const { t, i18n } = useTranslation('polling')
  if (places.length === 0) return null
  return (
    <section aria-labelledby="polling-places" className="stack">
      <h2 id="polling-places">{t('public.title')}</h2>
      {electionId ? <EasyReadLink guide="polling-place" election={electionId} /> : null}
      <ul className="stack polling-places">
        {places.map((p) => (
          <li key={p.id} id={`place-${p.id}`} className="card">
            <Localised as="h3" json={storedOrPlain(p.name_i18n, p.name, p.text_language)} />
            <dl className="summary-list">
              <dt>{t('address')}</dt>
              <dd>
                <AuthoredText text={p.address} language={p.text_language} />
              </dd>
              <dt>{t('hours')}</dt>
              <dd>
                <bdi>
                  {t('hoursValue', {
                    opens: formatTimeOfDay(p.opens_at, i18n.language),
                    closes: formatTimeOfDay(p.closes_at, i18n.language),
                  })}
                </bdi>
              </dd>
              <dt>{t('serves')}</dt>
              <dd>
                {p.subprefectures.map((s, i) => (
                  <span key={s.id}>
                    {i ? ', ' : ''}
                    <span lang="pt-BR" dir="ltr">
                      {s.name}
                    </span>
                  </span>
                ))}
              </dd>
              <dt>{t('method')}</dt>
              <dd>{t(`methods.${p.method}`)}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The commission's form for one place: new (`place` undefined) or an existing one. */
export function PlaceForm({
  place,
  subprefectures,
  failed,
}: {
  place?: PlaceView
  subprefectures: { id: number; name: string }[]
  failed?: ActionFailure
}) {
  const { t } = useTranslation('polling')
  const values = failed?.values ?? {}
  const errors = failed?.fieldErrors
  const served = failed
    ? (failed.lists.subprefectures ?? [])
    : (place?.subprefectures.map((s) => String(s.id)) ?? [])
  return (
    <Form method="post" className="stack">
      <FormErrorSummary errors={errors} />
      <input type="hidden" name="intent" value={place ? 'update' : 'create'} />
      {place ? <input type="hidden" name="placeId" value={place.id} /> : null}
      <TextField
        name="name"
        label={t('name')}
        hint={t('nameHint')}
        defaultValue={values.name ?? place?.name}
        error={errors?.name}
      />
      <TextField
        name="address"
        label={t('address')}
        defaultValue={values.address ?? place?.address}
        error={errors?.address}
      />
      <SelectField
        name="textLanguage"
        label={t('textLanguage')}
        hint={t('textLanguageHint')}
        options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
        defaultValue={values.textLanguage ?? place?.text_language ?? 'pt-BR'}
        error={errors?.textLanguage}
      />
      <TextField
        type="time"
        name="opensAt"
        label={t('opensAt')}
        defaultValue={values.opensAt ?? place?.opens_at ?? '08:00'}
        error={errors?.opensAt}
      />
      <TextField
        type="time"
        name="closesAt"
        label={t('closesAt')}
        defaultValue={values.closesAt ?? place?.closes_at ?? '17:00'}
        error={errors?.closesAt}
      />
      <RadioGroup
        name="method"
        legend={t('method')}
        options={(['booth', 'paper'] as const).map((m) => ({ value: m, label: t(`methods.${m}`) }))}
        defaultValue={values.method ?? place?.method ?? 'booth'}
        error={errors?.method}
      />
      <RadioGroup
        multiple
        name="subprefectures"
        legend={t('serves')}
        options={subprefectures.map((s) => ({ value: String(s.id), label: s.name }))}
        defaultValue={served}
        error={errors?.subprefectures}
      />
      <SubmitButton>{place ? t('save') : t('create')}</SubmitButton>
    </Form>
  )
}
