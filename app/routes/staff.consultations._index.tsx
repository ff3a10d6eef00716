import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { createConsultation, targetOptions } from '../consultations/authoring.server'
import { listConsultations } from '../consultations/reading.server'
import { ConsultationSchema } from '../consultations/schemas.server'
import { ConsultationFields } from '../consultations/staff-view'
import { ConsultationStatusBadge } from '../consultations/view'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'
import { Localised } from '../ui/localised'

export const handle = { i18n: ['consultations'], title: 'consultations:staff.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'consultations.moderate')
  const db = getDb()
  const canManage = can(toActor(user), 'consultations.manage')
  return json({
    consultations: await listConsultations(db, { includeDrafts: true }),
    canManage,
    options: canManage ? await targetOptions(db) : { actions: [], campaigns: [] },
  })
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'consultations.manage',
    back: '/staff/consultations',
    handler: intent({
      permission: 'consultations.manage',
      schema: ConsultationSchema,
      shape: { lists: ['targets'] },
      run: ({ db, user, data }) => createConsultation(db, { actorUserId: user.id, ...data }),
      // The new draft's own page, which announces it (its `created` done key).
      redirectTo: (created: { id: string }) => `/staff/consultations/${created.id}?done=created`,
    }),
  })
}

export default function StaffConsultations() {
  const { t } = useTranslation('consultations')
  const data = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  return (
    <div className="page">
      <h1>{t('staff.title')}</h1>
      <ul className="cards">
        {data.consultations.map((c) => (
          <li key={c.id} className="card">
            <h2 className="h3">
              <Link to={`/staff/consultations/${c.id}`}>
                <Localised json={c.title_i18n} />
              </Link>
            </h2>
            <p>
              <ConsultationStatusBadge status={c.status} /> ·{' '}
              {t('list.contributions', { count: c.contributions })}
            </p>
          </li>
        ))}
      </ul>
      {data.canManage ? (
        <section aria-labelledby="new" className="stack card">
          <h2 id="new">{t('staff.new')}</h2>
          <FormErrorSummary errors={failed?.fieldErrors} />
          <Form method="post" className="stack">
            <ConsultationFields
              options={data.options}
              errors={failed?.fieldErrors}
              values={failed?.values}
              selectedTargets={failed?.lists.targets}
            />
            <SubmitButton>{t('staff.create')}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
