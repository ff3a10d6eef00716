import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getDb } from '../lib/db.server'
import { parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { getCurrentCycle, saveCurrentCycle } from '../registration/registrations.server'
import { CycleSchema } from '../registration/schemas.server'
import { CheckboxField, FormErrorSummary, TextField } from '../ui/form'

export const handle = { i18n: ['registration'], title: 'registration:cycle.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'census.configure')
  const db = getDb()
  const cycle = await getCurrentCycle(db)
  return json({ cycle, canExport: can(toActor(await getActor(request, db)), 'census.export') })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'census.configure'))!
  const parsed = parseForm(CycleSchema, await readForm(request))
  if (!parsed.ok) return json(parsed, { status: 400 })
  await saveCurrentCycle(getDb(), actor.id, {
    ...parsed.data,
    proofOfResidenceRequired: parsed.data.proofOfResidenceRequired === 'yes',
  })
  return redirect('/staff/census?saved=1')
}

export default function CensusSettings() {
  const { t } = useTranslation('registration')
  const { cycle, canExport } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.fieldErrors
  const v = actionData?.values ?? {
    name: cycle?.name ?? '',
    electionDay: cycle?.election_day ?? '',
    minVoterAge: String(cycle?.min_voter_age ?? 16),
    minCandidateAge: String(cycle?.min_candidate_age ?? 18),
    proofOfResidenceRequired: cycle?.proof_of_residence_required ? 'yes' : '',
    documentRetentionDays: String(cycle?.document_retention_days ?? 30),
  }
  return (
    <div className="page">
      <h1>{t('cycle.title')}</h1>
      <p>{t('cycle.intro')}</p>
      {params.get('saved') ? (
        <p className="notice notice--ok" role="status">
          {t('cycle.saved')}
        </p>
      ) : null}
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <TextField name="name" label={t('cycle.name')} defaultValue={v.name} error={errors?.name} required />
        <TextField
          name="electionDay"
          type="date"
          label={t('cycle.electionDay')}
          hint={t('cycle.electionDayHint')}
          defaultValue={v.electionDay}
          error={errors?.electionDay}
          required
        />
        <TextField
          name="minVoterAge"
          type="number"
          inputMode="numeric"
          label={t('cycle.minVoterAge')}
          defaultValue={v.minVoterAge}
          error={errors?.minVoterAge}
          required
        />
        <TextField
          name="minCandidateAge"
          type="number"
          inputMode="numeric"
          label={t('cycle.minCandidateAge')}
          defaultValue={v.minCandidateAge}
          error={errors?.minCandidateAge}
          required
        />
        <CheckboxField
          name="proofOfResidenceRequired"
          label={t('cycle.proofRequired')}
          defaultChecked={v.proofOfResidenceRequired === 'yes'}
        />
        <TextField
          name="documentRetentionDays"
          type="number"
          inputMode="numeric"
          label={t('cycle.retentionDays')}
          hint={t('cycle.retentionHint')}
          defaultValue={v.documentRetentionDays}
          error={errors?.documentRetentionDays}
          required
        />
        <button type="submit">{t('cycle.save')}</button>
      </Form>
      {canExport ? (
        <>
          <h2>{t('cycle.exportTitle')}</h2>
          <p>{t('cycle.exportIntro')}</p>
          <p>
            <a className="button secondary" href="/staff/census/export.csv" download>
              {t('cycle.export')}
            </a>
          </p>
        </>
      ) : null}
    </div>
  )
}
