import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { createBody, listBodies } from '../council/bodies.server'
import { BodySchema } from '../council/schemas.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, FormErrorSummary, SelectField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'

export const handle = { i18n: ['council'], title: 'council:staff.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'council.manage')
  return json({ bodies: await listBodies(getDb()) })
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'council.manage',
    back: '/staff/council',
    handler: intent({
      permission: 'council.manage',
      schema: BodySchema,
      run: ({ db, user, data }) => createBody(db, { actorUserId: user.id, ...data }),
      // The new body's page says it was created (its `created` key).
      redirectTo: (body: { id: string }) => `/council/bodies/${body.id}?done=created`,
    }),
  })
}

export default function StaffCouncil() {
  const { t } = useTranslation('council')
  const { bodies } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const e = failed?.fieldErrors
  const v = failed?.values ?? {}
  return (
    <div className="page">
      <h1>{t('staff.title')}</h1>
      <ul className="cards">
        {bodies.map((b) => (
          <li key={b.id} className="card">
            <h2 className="h3">
              <Link to={`/council/bodies/${b.id}`}>
                <Localised json={b.name_i18n} />
              </Link>
            </h2>
            <p className="muted">{t(`bodyKinds.${b.kind}`)}</p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-body" className="stack card">
        <h2 id="new-body">{t('staff.newBody')}</h2>
        <FormErrorSummary errors={e} />
        <Form method="post" className="stack">
          <SelectField
            name="kind"
            label={t('staff.kind')}
            defaultValue={v.kind ?? 'working_group'}
            options={(['cmi_plenary', 'working_group', 'cpm'] as const).map((k) => ({
              value: k,
              label: t(`bodyKinds.${k}`),
            }))}
          />
          <TextField name="name" label={t('staff.name')} defaultValue={v.name} error={e?.name} />
          <TextField
            name="seats"
            inputMode="numeric"
            label={t('staff.seats')}
            defaultValue={v.seats ?? '16'}
            error={e?.seats}
          />
          <TextField
            name="quorumOpenPct"
            inputMode="numeric"
            label={t('staff.quorumOpenPct')}
            defaultValue={v.quorumOpenPct ?? '50'}
            error={e?.quorumOpenPct}
          />
          <CheckboxField
            name="strictOpen"
            label={t('staff.strict')}
            defaultChecked={v.strictOpen ? v.strictOpen === 'yes' : true}
          />
          <TextField
            name="quorumDeliberatePct"
            inputMode="numeric"
            label={t('staff.quorumDeliberatePct')}
            defaultValue={v.quorumDeliberatePct ?? '50'}
            error={e?.quorumDeliberatePct}
          />
          <CheckboxField
            name="strictDeliberate"
            label={t('staff.strict')}
            defaultChecked={v.strictDeliberate ? v.strictDeliberate === 'yes' : true}
          />
          <TextField
            name="noticeDays"
            inputMode="numeric"
            label={t('staff.noticeDays')}
            defaultValue={v.noticeDays ?? '7'}
            error={e?.noticeDays}
          />
          <TextField
            name="extraordinaryNoticeDays"
            inputMode="numeric"
            label={t('staff.extraordinaryNoticeDays')}
            defaultValue={v.extraordinaryNoticeDays ?? '2'}
            error={e?.extraordinaryNoticeDays}
          />
          <TextField
            name="resolutionCode"
            label={t('staff.resolutionCode')}
            hint={t('staff.resolutionCodeHint')}
            defaultValue={v.resolutionCode}
            error={e?.resolutionCode}
          />
          <SubmitButton>{t('staff.createBody')}</SubmitButton>
        </Form>
      </section>
    </div>
  )
}
