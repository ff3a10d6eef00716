import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { createConsultation, listConsultations, targetOptions } from '../consultations/consultations.server'
import { ConsultationSchema, parseTargets } from '../consultations/schemas.server'
import { ConsultationStatusBadge } from '../consultations/view'
import { ConsultationFields } from '../consultations/staff-view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['consultations'], title: 'consultations:staff.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'consultations.moderate')
  const db = getDb()
  const canManage = can(toActor(user), 'consultations.manage')
  return json({
    consultations: (await listConsultations(db, { includeDrafts: true })).map((c) => ({
      ...c,
      contributions: Number(c.contributions ?? 0),
    })),
    canManage,
    options: canManage ? await targetOptions(db) : { actions: [], campaigns: [] },
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'consultations.manage'))!
  const formData = await readForm(request)
  const targets = parseTargets(formData.getAll('targets'))
  const parsed = parseForm(ConsultationSchema, formData, {
    targets: () => (targets.ok ? undefined : 'choose_option'),
  })
  const selectedTargets = formData.getAll('targets').map(String)
  if (!parsed.ok) return json({ ...parsed, selectedTargets }, { status: 400 })
  if (!targets.ok)
    return json({ ...failure({ targets: 'choose_option' }, formData), selectedTargets }, { status: 400 })
  const result = await createConsultation(getDb(), user.id, { ...parsed.data, targets: targets.targets })
  if (!result.ok)
    return json(
      { ...failure({ [result.field ?? 'form']: result.error }, formData), selectedTargets },
      { status: 400 },
    )
  return redirect(`/staff/consultations/${result.value.id}?done=created`)
}

export default function StaffConsultations() {
  const { t } = useTranslation('consultations')
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
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
              {t('list.contributions', { n: c.contributions })}
            </p>
          </li>
        ))}
      </ul>
      {data.canManage ? (
        <section aria-labelledby="new" className="stack card">
          <h2 id="new">{t('staff.new')}</h2>
          <FormErrorSummary errors={actionData?.fieldErrors} />
          <Form method="post" className="stack">
            <ConsultationFields
              options={data.options}
              errors={actionData?.fieldErrors}
              values={actionData?.values}
              selectedTargets={actionData?.selectedTargets}
            />
            <button type="submit">{t('staff.create')}</button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
