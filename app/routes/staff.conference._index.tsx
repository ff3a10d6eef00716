import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { createEdition, listEditions } from '../conference/editions.server'
import { NewEditionChecks, NewEditionSchema } from '../conference/schemas.server'
import { ConferencePhaseBadge } from '../conference/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { ok } from '../lib/result'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextAreaField, TextField } from '../ui/form'

export const handle = { i18n: ['conference'], title: 'conference:staff.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.manage')
  return json({ editions: await listEditions(getDb()) })
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'conference.manage',
    back: '/staff/conference',
    handler: intent({
      permission: 'conference.manage',
      schema: NewEditionSchema,
      crossChecks: NewEditionChecks,
      run: async ({ db, user, data }) => ok(await createEdition(db, { actorUserId: user.id, ...data })),
      redirectTo: (created) => `/staff/conference/${created.id}`,
    }),
  })
}

export default function StaffConference() {
  const { t } = useTranslation('conference')
  const { editions } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  const v = failed?.values ?? {}
  return (
    <div className="page">
      <h1>{t('staff.title')}</h1>
      <ul>
        {editions.map((e) => (
          <li key={e.id}>
            <Link to={`/staff/conference/${e.id}`}>
              <Localised json={e.title_i18n} />
            </Link>{' '}
            <ConferencePhaseBadge phase={e.phase} />
          </li>
        ))}
      </ul>
      <h2>{t('staff.create')}</h2>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack">
        <TextField
          name="title_pt-BR"
          label={t('staff.titlePt')}
          lang="pt-BR"
          defaultValue={v['title_pt-BR']}
          error={errors?.['title_pt-BR']}
        />
        <TextField
          name="title_es"
          label={t('staff.titleEs')}
          lang="es"
          defaultValue={v.title_es}
          error={errors?.title_es}
        />
        <TextField
          name="title_en"
          label={t('staff.titleEn')}
          lang="en"
          defaultValue={v.title_en}
          error={errors?.title_en}
        />
        <TextField
          name="motto_pt-BR"
          label={t('staff.motto')}
          lang="pt-BR"
          defaultValue={v['motto_pt-BR']}
          error={errors?.['motto_pt-BR']}
        />
        <TextField
          name="startsOn"
          label={t('staff.startsOn')}
          type="date"
          defaultValue={v.startsOn}
          error={errors?.startsOn}
        />
        <TextField
          name="endsOn"
          label={t('staff.endsOn')}
          type="date"
          defaultValue={v.endsOn}
          error={errors?.endsOn}
        />
        <TextField
          name="votesPerAxis"
          label={t('staff.votesPerAxis')}
          hint={t('staff.votesPerAxisHint')}
          inputMode="numeric"
          defaultValue={v.votesPerAxis ?? '10'}
          error={errors?.votesPerAxis}
        />
        <TextField
          name="approvalThresholdPct"
          label={t('staff.threshold')}
          hint={t('staff.thresholdHint')}
          inputMode="numeric"
          defaultValue={v.approvalThresholdPct ?? '50'}
          error={errors?.approvalThresholdPct}
        />
        <TextField
          name="delegateQuota"
          label={t('staff.quota')}
          hint={t('staff.quotaHint')}
          inputMode="numeric"
          defaultValue={v.delegateQuota ?? '10'}
          error={errors?.delegateQuota}
        />
        <TextAreaField
          name="crossCutting"
          label={t('staff.crossCutting')}
          hint={t('staff.crossCuttingHint')}
          rows={3}
          defaultValue={v.crossCutting}
          error={errors?.crossCutting}
        />
        <SubmitButton>{t('staff.createSubmit')}</SubmitButton>
      </Form>
    </div>
  )
}
