import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { CONFERENCE_PHASES } from '../../db/schema'
import { requirePermission } from '../auth/guards.server'
import {
  accreditDelegate,
  advanceConferencePhase,
  conferenceFigures,
  getEdition,
  mergeProposals,
  nextConferencePhase,
  preparatoryConferences,
  registerPreparatory,
} from '../conference/conference.server'
import { AccreditSchema, MergeSchema, PreparatorySchema } from '../conference/schemas.server'
import { ConferencePhaseBadge, ConferenceTimeline, useAxisLabel } from '../conference/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { FormErrorSummary, RadioGroup, SelectField, TextAreaField, TextField } from '../ui/form'

export const handle = { i18n: ['conference', 'reference'], title: 'conference:manage.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.manage')
  const db = getDb()
  const found = await getEdition(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const [figures, preparatory, mergeable] = await Promise.all([
    conferenceFigures(db, found.edition.id),
    preparatoryConferences(db, found.edition.id),
    db
      .selectFrom('proposals')
      .select(['id', 'axis_id', 'title', 'status', 'language'])
      .where('edition_id', '=', found.edition.id)
      .where('status', 'in', ['submitted', 'consolidated'])
      .orderBy('axis_id')
      .orderBy('title')
      .execute(),
  ])
  return json({
    edition: found.edition,
    axes: found.axes,
    next: nextConferencePhase(found.edition.phase),
    figures,
    preparatory: preparatory.map((p) => ({
      id: p.id,
      name: p.name,
      delegates: p.delegates,
      delegate_quota: p.delegate_quota,
    })),
    mergeable,
  })
}

const AdvanceSchema = z.object({
  to: z.enum(CONFERENCE_PHASES, { errorMap: () => ({ message: 'choose_option' }) }),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'conference.manage'))!
  const db = getDb()
  const editionId = params.id ?? ''
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const fail = (error: string, field = 'form', status = 409) =>
    json({ ...failure({ [field]: error }, formData), intent }, { status })
  const done = (what: string) => redirect(`/staff/conference/${editionId}?done=${what}`)
  if (intent === 'advance') {
    const parsed = parseForm(AdvanceSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await advanceConferencePhase(db, { actorUserId: actor.id, editionId, to: parsed.data.to })
    return result.ok ? done('phase') : fail(result.error)
  }
  if (intent === 'preparatory') {
    const parsed = parseForm(PreparatorySchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await registerPreparatory(db, actor.id, editionId, parsed.data)
    return result.ok ? done('preparatory') : fail(result.error)
  }
  if (intent === 'accredit') {
    const parsed = parseForm(AccreditSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await accreditDelegate(db, { actorUserId: actor.id, editionId, ...parsed.data })
    return result.ok ? done('accredited') : fail(result.error)
  }
  if (intent === 'merge') {
    const parsed = parseForm(MergeSchema, formData)
    const proposalIds = formData
      .getAll('proposalIds')
      .filter((v): v is string => typeof v === 'string')
      .slice(0, 200)
    if (!parsed.ok) return json({ ...parsed, intent, selected: proposalIds }, { status: 400 })
    const result = await mergeProposals(db, { actorUserId: actor.id, editionId, proposalIds, ...parsed.data })
    if (!result.ok)
      return json(
        { ...failure({ form: result.error }, formData), intent, selected: proposalIds },
        { status: 409 },
      )
    return redirect(`/conference/${editionId}/proposals/${result.value.id}?done=merged`)
  }
  return fail('unknown_intent', 'form', 400)
}

export default function ManageConference() {
  const { t } = useTranslation(['conference', 'reference'])
  const { edition, axes, next, figures, preparatory, mergeable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const axisLabel = useAxisLabel()
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined
  const v = actionData && !actionData.ok ? actionData.values : {}
  const errorsFor = (intent: string) => (actionData?.intent === intent ? errors : undefined)
  const selected = actionData && 'selected' in actionData ? (actionData.selected as string[]) : []
  const done = params.get('done')
  return (
    <div className="page">
      <p>
        <Link to="/staff/conference">← {t('staff.title')}</Link>
      </p>
      <Localised as="h1" json={edition.title_i18n} />
      <p>
        <ConferencePhaseBadge phase={edition.phase} /> ·{' '}
        <Link to={`/conference/${edition.id}`}>{t('manage.publicPage')}</Link>
      </p>
      {done ? (
        <p className="notice notice--ok" role="status">
          {t(`manage.done.${done}`)}
        </p>
      ) : null}
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errors.form}`)}
        </p>
      ) : null}

      <section aria-labelledby="phase" className="stack">
        <h2 id="phase">{t('manage.phase')}</h2>
        <ConferenceTimeline phase={edition.phase} />
        <p>
          {t('manage.figures', {
            originals: String(figures.originals),
            delegates: String(figures.delegates),
            preparatory: String(figures.preparatory),
          })}
        </p>
        {next ? (
          <Form method="post" className="stack card">
            <input type="hidden" name="intent" value="advance" />
            <input type="hidden" name="to" value={next} />
            <p>{t(`manage.effects.${next}`)}</p>
            <button type="submit">{t('manage.advance', { phase: t(`phases.${next}`) })}</button>
          </Form>
        ) : null}
      </section>

      {edition.phase === 'systematisation' ? (
        <section aria-labelledby="merge" className="stack">
          <h2 id="merge">{t('manage.merge')}</h2>
          <p>{t('manage.mergeIntro')}</p>
          <FormErrorSummary errors={errorsFor('merge')} />
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="merge" />
            <fieldset className="stack">
              <legend>{t('manage.mergeChoose')}</legend>
              {axes.map((axis) => {
                const list = mergeable.filter((p) => p.axis_id === axis.id)
                if (!list.length) return null
                return (
                  <div key={axis.id} className="stack">
                    <p>
                      <strong>{axisLabel(axis)}</strong>
                    </p>
                    {list.map((p) => (
                      <div className="checkbox" key={p.id}>
                        <input
                          type="checkbox"
                          id={`m-${p.id}`}
                          name="proposalIds"
                          value={p.id}
                          defaultChecked={selected.includes(p.id)}
                        />
                        <label htmlFor={`m-${p.id}`} lang={p.language}>
                          {p.title} <span className="muted">({t(`statuses.${p.status}`)})</span>
                        </label>
                      </div>
                    ))}
                  </div>
                )
              })}
            </fieldset>
            <SelectField
              name="axisId"
              label={t('propose.axis')}
              defaultValue={v.axisId ?? ''}
              error={errorsFor('merge')?.axisId}
              options={[
                { value: '', label: t('propose.choose') },
                ...axes.map((a) => ({ value: a.id, label: axisLabel(a) })),
              ]}
            />
            <TextField
              name="title"
              label={t('manage.mergedTitle')}
              defaultValue={v.title}
              error={errorsFor('merge')?.title}
            />
            <TextAreaField
              name="body"
              label={t('manage.mergedBody')}
              rows={5}
              defaultValue={v.body}
              error={errorsFor('merge')?.body}
            />
            <TextAreaField
              name="justification"
              label={t('propose.justification')}
              rows={3}
              defaultValue={v.justification}
              error={errorsFor('merge')?.justification}
            />
            <button type="submit">{t('manage.mergeSubmit')}</button>
          </Form>
        </section>
      ) : null}

      {edition.phase !== 'final_report' ? (
        <section aria-labelledby="delegates" className="stack">
          <h2 id="delegates">{t('manage.accredit')}</h2>
          <FormErrorSummary errors={errorsFor('accredit')} />
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="accredit" />
            <TextField
              name="identifier"
              label={t('manage.identifier')}
              hint={t('manage.identifierHint')}
              defaultValue={v.identifier}
              error={errorsFor('accredit')?.identifier}
              autoComplete="off"
            />
            <SelectField
              name="preparatoryId"
              label={t('manage.elected_at')}
              defaultValue={v.preparatoryId ?? ''}
              options={[
                { value: '', label: t('manage.noPreparatory') },
                ...preparatory.map((p) => ({
                  value: p.id,
                  label: `${p.name} (${p.delegates}/${p.delegate_quota})`,
                })),
              ]}
            />
            <button type="submit">{t('manage.accreditSubmit')}</button>
          </Form>
        </section>
      ) : null}

      {edition.phase === 'preparation' || edition.phase === 'proposals_open' ? (
        <section aria-labelledby="prep" className="stack">
          <h2 id="prep">{t('manage.registerPreparatory')}</h2>
          <FormErrorSummary errors={errorsFor('preparatory')} />
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="preparatory" />
            <RadioGroup
              name="kind"
              legend={t('prep.kind')}
              defaultValue={v.kind ?? 'free'}
              error={errorsFor('preparatory')?.kind}
              options={[
                { value: 'regional', label: t('prep.kinds.regional') },
                { value: 'free', label: t('prep.kinds.free') },
              ]}
            />
            <TextField
              name="name"
              label={t('prep.name')}
              defaultValue={v.name}
              error={errorsFor('preparatory')?.name}
            />
            <TextField
              name="organiser"
              label={t('prep.organiser')}
              defaultValue={v.organiser}
              error={errorsFor('preparatory')?.organiser}
            />
            <TextField
              name="heldOn"
              label={t('prep.heldOn')}
              type="date"
              defaultValue={v.heldOn}
              error={errorsFor('preparatory')?.heldOn}
            />
            <TextField
              name="place"
              label={t('prep.place')}
              defaultValue={v.place}
              error={errorsFor('preparatory')?.place}
            />
            <TextField
              name="attendance"
              label={t('prep.attendance')}
              inputMode="numeric"
              defaultValue={v.attendance}
              error={errorsFor('preparatory')?.attendance}
            />
            <TextField
              name="delegateQuota"
              label={t('prep.quota')}
              hint={t('prep.quotaHint', { n: String(edition.delegate_quota) })}
              inputMode="numeric"
              defaultValue={v.delegateQuota}
              error={errorsFor('preparatory')?.delegateQuota}
            />
            <button type="submit">{t('manage.registerSubmit')}</button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
