import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { createElection, listElections } from '../elections/elections.server'
import { DEFAULT_SHARE_THRESHOLDS, formatShareSteps } from '../elections/seats'
import { NewElectionSchema, parseShareSteps } from '../elections/schemas.server'
import { DEFAULT_RULES } from '../elections/tally'
import { PhaseBadge } from '../elections/view'
import { Localised } from '../ui/localised'
import { LANGUAGE_NAMES, LANGUAGES, type I18nText } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { CheckboxField, FormErrorSummary, RadioGroup, TextAreaField, TextField } from '../ui/form'

export const handle = { i18n: ['elections'], title: 'elections:staff.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.manage')
  return json({ elections: await listElections(getDb()) })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'elections.manage'))!
  const formData = await readForm(request)
  const parsed = parseForm(NewElectionSchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  const d = parsed.data as Record<string, string | number | undefined> & typeof parsed.data
  const texts = (prefix: string): I18nText =>
    Object.fromEntries(LANGUAGES.map((l) => [l, d[`${prefix}_${l}`]]).filter(([, v]) => v)) as I18nText
  const result = await createElection(getDb(), actor.id, {
    body: d.body,
    title: texts('title'),
    description: texts('description'),
    segmentSeats: { A: d.seatsA, B: d.seatsB, C: d.seatsC },
    shareThresholds: {
      minSeats: d.minSeats,
      steps: parseShareSteps(d.shareSteps) ?? DEFAULT_SHARE_THRESHOLDS.steps,
    },
    alternates: d.alternates,
    rules: {
      ...DEFAULT_RULES,
      parity: { ...DEFAULT_RULES.parity, enabled: d.parity === 'yes' },
      overallSeats: d.overallSeats,
      drawSeed: d.drawSeed,
    },
  })
  if (!result.ok) return json(failure({ form: result.error }, formData), { status: 409 })
  return redirect(`/staff/elections/${result.value.id}`)
}

export default function StaffElections() {
  const { t } = useTranslation(['elections', 'common'])
  const { elections } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.fieldErrors
  const v = actionData?.values ?? {}
  const steps = formatShareSteps(DEFAULT_SHARE_THRESHOLDS.steps)
  return (
    <div className="page">
      <h1>{t('staff.title')}</h1>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('staff.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.election')}</th>
              <th scope="col">{t('staff.body')}</th>
              <th scope="col">{t('staff.phase')}</th>
            </tr>
          </thead>
          <tbody>
            {elections.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/staff/elections/${e.id}`}>
                    <Localised json={e.title_i18n} />
                  </Link>
                </td>
                <td>{t(`bodies.${e.body}`)}</td>
                <td>
                  <PhaseBadge phase={e.phase} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('staff.create')}</h2>
      <FormErrorSummary errors={errors} />
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errors.form}`)}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <RadioGroup
          name="body"
          legend={t('staff.body')}
          options={[
            { value: 'cmi', label: t('bodies.cmi') },
            { value: 'cpm', label: t('bodies.cpm') },
          ]}
          defaultValue={v.body ?? 'cmi'}
          error={errors?.body}
        />
        <fieldset className="stack">
          <legend>{t('staff.texts')}</legend>
          <p className="hint">{t('staff.textsHint')}</p>
          {LANGUAGES.map((l) => (
            <div key={l} className="stack">
              <TextField
                name={`title_${l}`}
                label={`${t('staff.titleIn')} — ${LANGUAGE_NAMES[l]}`}
                lang={l}
                defaultValue={v[`title_${l}`]}
                error={errors?.[`title_${l}`]}
              />
              <TextAreaField
                name={`description_${l}`}
                label={`${t('staff.descriptionIn')} — ${LANGUAGE_NAMES[l]}`}
                lang={l}
                rows={2}
                defaultValue={v[`description_${l}`]}
                error={errors?.[`description_${l}`]}
              />
            </div>
          ))}
        </fieldset>
        <fieldset className="stack">
          <legend>{t('staff.seats')}</legend>
          <p className="hint">{t('staff.seatsHint')}</p>
          <TextField
            name="seatsA"
            label={t('segments.A')}
            inputMode="numeric"
            defaultValue={v.seatsA ?? '3'}
            error={errors?.seatsA}
          />
          <TextField
            name="seatsB"
            label={t('segments.B')}
            inputMode="numeric"
            defaultValue={v.seatsB ?? '2'}
            error={errors?.seatsB}
          />
          <TextField
            name="seatsC"
            label={t('segments.C')}
            inputMode="numeric"
            defaultValue={v.seatsC ?? '2'}
            error={errors?.seatsC}
          />
          <TextField
            name="minSeats"
            label={t('staff.minSeats')}
            inputMode="numeric"
            defaultValue={v.minSeats ?? String(DEFAULT_SHARE_THRESHOLDS.minSeats)}
            error={errors?.minSeats}
          />
          <TextField
            name="shareSteps"
            label={t('staff.shareSteps')}
            hint={t('staff.shareStepsHint')}
            defaultValue={v.shareSteps ?? steps}
            error={errors?.shareSteps}
          />
          <TextField
            name="alternates"
            label={t('staff.alternates')}
            inputMode="numeric"
            defaultValue={v.alternates ?? '2'}
            error={errors?.alternates}
          />
          <TextField
            name="overallSeats"
            label={t('staff.overallSeats')}
            hint={t('staff.overallSeatsHint')}
            inputMode="numeric"
            defaultValue={v.overallSeats ?? '0'}
            error={errors?.overallSeats}
          />
        </fieldset>
        <fieldset className="stack">
          <legend>{t('staff.rules')}</legend>
          <CheckboxField
            name="parity"
            label={t('staff.parity')}
            defaultChecked={actionData ? v.parity === 'yes' : true}
            error={errors?.parity}
          />
          <TextField
            name="drawSeed"
            label={t('staff.drawSeed')}
            hint={t('staff.drawSeedHint')}
            defaultValue={v.drawSeed}
            error={errors?.drawSeed}
          />
        </fieldset>
        <button type="submit">{t('staff.createSubmit')}</button>
      </Form>
    </div>
  )
}
