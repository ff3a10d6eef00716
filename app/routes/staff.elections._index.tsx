import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { createElection, listElections } from '../elections/lifecycle.server'
import { NewElectionSchema } from '../elections/schemas.server'
import { DEFAULT_SHARE_THRESHOLDS, formatShareSteps } from '../elections/seats'
import { PhaseBadge } from '../elections/view'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, FormErrorSummary, RadioGroup, TextAreaField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'

export const handle = { i18n: ['elections'], title: 'elections:staff.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.manage')
  // The CPM seats preview (/staff/elections/shares) links here with the thresholds it showed.
  const params = new URL(request.url).searchParams
  const prefill: Record<string, string> = {}
  if (params.get('body') === 'cpm') prefill.body = 'cpm'
  for (const name of ['minSeats', 'shareSteps'])
    if (params.has(name)) prefill[name] = (params.get(name) ?? '').slice(0, 200)
  return json({ elections: await listElections(getDb()), prefill })
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'elections.manage',
    back: '/staff/elections',
    handler: intent({
      permission: 'elections.manage',
      schema: NewElectionSchema,
      run: ({ db, user, data }) => createElection(db, { actorUserId: user.id, ...data }),
      // The new election's page, where its calendar is set and its phases move.
      redirectTo: (created: { id: string }) => `/staff/elections/${created.id}`,
    }),
  })
}

export default function StaffElections() {
  const { t } = useTranslation(['elections', 'common'])
  const { elections, prefill } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  const v = failed?.values ?? prefill
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
          <p>
            <Link to="/staff/elections/shares">{t('shares.previewLink')}</Link>
          </p>
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
            defaultChecked={failed ? v.parity === 'yes' : true}
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
        <SubmitButton>{t('staff.createSubmit')}</SubmitButton>
      </Form>
    </div>
  )
}
