import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { createEdition, listEditions } from '../conference/conference.server'
import { NewEditionSchema } from '../conference/schemas.server'
import { ConferencePhaseBadge } from '../conference/view'
import { Localised } from '../ui/localised'
import { parseDate } from '../lib/dates'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { FormErrorSummary, TextAreaField, TextField } from '../ui/form'

export const handle = { i18n: ['conference'], title: 'conference:staff.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.manage')
  return json({ editions: await listEditions(getDb()) })
}

const optionalDate = (raw: Record<string, unknown>, key: string) => {
  const v = String(raw[key] ?? '').trim()
  return v && !parseDate(v) ? 'date_invalid' : undefined
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'conference.manage'))!
  const formData = await readForm(request)
  const parsed = parseForm(NewEditionSchema, formData, {
    startsOn: (raw) => optionalDate(raw, 'startsOn'),
    endsOn: (raw) => optionalDate(raw, 'endsOn'),
  })
  if (!parsed.ok) return json(parsed, { status: 400 })
  const d = parsed.data
  const title = Object.fromEntries(
    Object.entries({ 'pt-BR': d['title_pt-BR'], es: d.title_es, en: d.title_en }).filter(([, v]) => v),
  )
  const { id } = await createEdition(getDb(), actor.id, {
    title,
    motto: d['motto_pt-BR'] ? { 'pt-BR': d['motto_pt-BR'] } : {},
    startsOn: d.startsOn ? (parseDate(d.startsOn) ?? undefined) : undefined,
    endsOn: d.endsOn ? (parseDate(d.endsOn) ?? undefined) : undefined,
    votesPerAxis: d.votesPerAxis,
    approvalThreshold: d.approvalThresholdPct / 100,
    delegateQuota: d.delegateQuota,
    crossCutting: (d.crossCutting ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 10),
  })
  if (!id) return json(failure({ form: 'not_found' }, formData), { status: 409 })
  return redirect(`/staff/conference/${id}`)
}

export default function StaffConference() {
  const { t } = useTranslation('conference')
  const { editions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.fieldErrors
  const v = actionData?.values ?? {}
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
        <button type="submit">{t('staff.createSubmit')}</button>
      </Form>
    </div>
  )
}
