import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getResolution, setGazetteReference, setResolutionSummary } from '../council/council.server'
import { resolutionCode } from '../council/rules'
import { GazetteSchema, summaryFrom } from '../council/schemas.server'
import { SummaryFields } from '../council/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { failure, parseForm, type FormFailure } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { TextField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['council'], title: 'council:resolution.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'council.view')
  const r = await getResolution(getDb(), params.id ?? '')
  if (!r) throw new Response('Not found', { status: 404 })
  return json({
    r,
    code: resolutionCode(r.number, r.resolution_code, r.year),
    canManage: can(toActor(user), 'council.manage'),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'council.manage'))!
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const id = params.id ?? ''
  const db = getDb()
  if (intent === 'summary') {
    const result = await setResolutionSummary(db, {
      actorUserId: user.id,
      resolutionId: id,
      summary: summaryFrom(formData),
    })
    return result.ok
      ? redirect(`/council/resolutions/${id}?done=summary`)
      : json<FormFailure & { intent: string }>(
          { ...failure({ form: result.error }, formData), intent },
          { status: 404 },
        )
  }
  const parsed = parseForm(GazetteSchema, formData)
  if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
  const result = await setGazetteReference(db, {
    actorUserId: user.id,
    resolutionId: id,
    reference: parsed.data.reference,
  })
  return result.ok
    ? redirect(`/council/resolutions/${id}?done=gazette`)
    : json({ ...failure({ form: result.error }, formData), intent }, { status: 404 })
}

export default function ResolutionPage() {
  const { t, i18n } = useTranslation('council')
  const { r, code, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = params.get('done')
  return (
    <div className="page report">
      <p className="breadcrumb no-print">
        <Link to={`/council/meetings/${r.meeting_id}`}>{r.meeting_title}</Link>
      </p>
      <h1>
        {t('resolution.heading', { code })}: <span lang="pt-BR">{r.title}</span>
      </h1>
      {done ? (
        <p className="notice notice--ok no-print" role="status">
          {t(`resolution.done.${done}`)}
        </p>
      ) : null}
      <p>
        <Localised json={r.body_name_i18n} /> ·{' '}
        <DateTime iso={r.starts_at} language={i18n.language} dateOnly /> ·{' '}
        {t('meeting.votesShort', {
          yes: r.votes_yes ?? 0,
          no: r.votes_no ?? 0,
          abstain: r.votes_abstain ?? 0,
        })}
      </p>
      <p>
        {r.gazette_reference
          ? t('resolution.publishedIn', { reference: r.gazette_reference })
          : t('resolution.notYetInGazette')}
      </p>
      {r.summary_i18n ? (
        <section aria-labelledby="summary">
          <h2 id="summary">{t('minutes.summary')}</h2>
          <Localised as="p" json={r.summary_i18n} />
        </section>
      ) : null}
      <section aria-labelledby="official">
        <h2 id="official">{t('resolution.official')}</h2>
        <p className="pre-wrap" lang="pt-BR">
          {r.body}
        </p>
      </section>
      {canManage ? (
        <div className="stack no-print">
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="gazette" />
            <TextField
              name="reference"
              label={t('resolution.gazette')}
              defaultValue={actionData?.values.reference ?? r.gazette_reference ?? ''}
              error={actionData?.fieldErrors.reference}
            />
            <button type="submit" className="secondary">
              {t('resolution.saveGazette')}
            </button>
          </Form>
          <Form method="post" className="stack card">
            <input type="hidden" name="intent" value="summary" />
            <SummaryFields
              current={r.summary_i18n ? (JSON.parse(r.summary_i18n) as Record<string, string>) : {}}
            />
            <button type="submit" className="secondary">
              {t('resolution.saveSummary')}
            </button>
          </Form>
        </div>
      ) : null}
    </div>
  )
}
