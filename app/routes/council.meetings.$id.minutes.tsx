import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import {
  addErratum,
  advanceMinutes,
  draftMinutes,
  editMinutes,
  getMeeting,
  getMinutes,
} from '../council/council.server'
import { ErratumSchema, MinutesTextSchema, summaryFrom } from '../council/schemas.server'
import { SummaryFields } from '../council/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { failure, parseForm, type FormFailure } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { TextAreaField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['council'], title: 'council:minutes.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'council.view')
  const db = getDb()
  const meeting = await getMeeting(db, params.id ?? '')
  if (!meeting) throw new Response('Not found', { status: 404 })
  const canManage = can(toActor(user), 'council.manage')
  const found = await getMinutes(db, meeting.meeting.id)
  // Until published, minutes are the secretariat's working document (circulated to members outside).
  if (!canManage && found?.minutes.status !== 'published') throw new Response('Not found', { status: 404 })
  return json({ meeting: meeting.meeting, found, canManage })
}

type ActionData = FormFailure & { intent: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'council.manage'))!
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const meetingId = params.id ?? ''
  const db = getDb()
  const fail = (f: FormFailure, status = 400) => json<ActionData>({ ...f, intent }, { status })
  const back = (done: string) => redirect(`/council/meetings/${meetingId}/minutes?done=${done}`)
  const refused = (error: string) =>
    fail(failure({ form: error }, formData), error === 'not_found' ? 404 : 409)
  if (intent === 'draft') {
    const parsed = parseForm(MinutesTextSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await draftMinutes(db, { actorUserId: user.id, meetingId, text: parsed.data.text })
    return result.ok ? back('drafted') : refused(result.error)
  }
  const existing = await getMinutes(db, meetingId)
  if (!existing) return refused('not_found')
  const minutesId = existing.minutes.id
  if (intent === 'edit') {
    const parsed = parseForm(MinutesTextSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await editMinutes(db, {
      actorUserId: user.id,
      minutesId,
      text: parsed.data.text,
      summary: summaryFrom(formData),
    })
    return result.ok ? back('edited') : refused(result.error)
  }
  if (intent === 'circulate' || intent === 'publish') {
    const result = await advanceMinutes(db, {
      actorUserId: user.id,
      minutesId,
      to: intent === 'circulate' ? 'circulated' : 'published',
    })
    return result.ok ? back(intent) : refused(result.error)
  }
  if (intent === 'erratum') {
    const parsed = parseForm(ErratumSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await addErratum(db, { actorUserId: user.id, minutesId, text: parsed.data.text })
    return result.ok ? back('erratum') : refused(result.error)
  }
  return refused('unknown_intent')
}

export default function MinutesPage() {
  const { t, i18n } = useTranslation('council')
  const { meeting, found, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const done = params.get('done')
  const failedFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined)
  const n = found?.minutes
  return (
    <div className="page report">
      <p className="breadcrumb no-print">
        <Link to={`/council/meetings/${meeting.id}`}>{meeting.title}</Link>
      </p>
      <h1>{t('minutes.heading', { title: meeting.title })}</h1>
      <p>
        <Localised json={meeting.body_name_i18n} /> ·{' '}
        <DateTime iso={meeting.starts_at} language={i18n.language} />
        {n ? (
          <>
            {' '}
            ·{' '}
            <span className={`status-badge status-badge--${n.status}`}>
              {t(`minutesStatuses.${n.status}`)}
            </span>
          </>
        ) : null}
      </p>
      {done ? (
        <p className="notice notice--ok no-print" role="status">
          {t(`minutes.done.${done}`)}
        </p>
      ) : null}
      {actionData?.fieldErrors.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${actionData.fieldErrors.form}`)}
        </p>
      ) : null}

      {!n && canManage ? (
        <Form method="post" className="stack card">
          <input type="hidden" name="intent" value="draft" />
          <p>{t('minutes.draftIntro')}</p>
          <TextAreaField
            name="text"
            label={t('minutes.text')}
            rows={10}
            defaultValue={failedFor('draft')?.values.text}
            error={failedFor('draft')?.fieldErrors.text}
          />
          <button type="submit">{t('minutes.draftSubmit')}</button>
        </Form>
      ) : null}

      {n ? (
        <>
          {n.summary_i18n ? (
            <section aria-labelledby="summary">
              <h2 id="summary">{t('minutes.summary')}</h2>
              <Localised as="p" json={n.summary_i18n} />
            </section>
          ) : null}
          {found!.errata.length ? (
            <section aria-labelledby="errata" className="notice">
              <h2 id="errata">{t('minutes.errata')}</h2>
              <ul>
                {found!.errata.map((e) => (
                  <li key={e.id}>
                    <DateTime iso={e.published_at} language={i18n.language} dateOnly />:{' '}
                    <span lang="pt-BR">{e.text}</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="record" lang="pt-BR">
            <h2 id="record">{t('minutes.record')}</h2>
            <p>{t('quorum.filled', { filled: n.record.quorum.filled, seats: n.record.quorum.seats })}</p>
            <h3>{t('meeting.attendance')}</h3>
            <ul>
              {n.record.attendance.map((a) => (
                <li key={a.name}>
                  {a.name} — {t(`attendance.${a.status}`)}
                  {a.sitting_in_for ? ` (${t('meeting.sittingInFor', { name: a.sitting_in_for })})` : ''}
                </li>
              ))}
            </ul>
            <h3>{t('meeting.agenda')}</h3>
            <ol>
              {n.record.items.map((i) => (
                <li key={i.position}>
                  <strong>{i.title}</strong>
                  {i.motion ? <> — {i.motion}</> : null}
                  {i.outcome ? (
                    <>
                      {' '}
                      — {t(`outcomes.${i.outcome}`)} (
                      {t('meeting.votesShort', { yes: i.yes ?? 0, no: i.no ?? 0, abstain: i.abstain ?? 0 })})
                    </>
                  ) : null}
                  {i.resolution ? <> — {i.resolution}</> : null}
                </li>
              ))}
            </ol>
            <h3>{t('minutes.text')}</h3>
            <p className="pre-wrap">{n.text}</p>
          </section>
          {found!.approvedBy ? (
            <p>
              {t('minutes.approvedAt')}{' '}
              <Link to={`/council/meetings/${found!.approvedBy.id}`}>{found!.approvedBy.title}</Link> (
              {t('meeting.votesShort', {
                yes: found!.approvedBy.votes_yes ?? 0,
                no: found!.approvedBy.votes_no ?? 0,
                abstain: found!.approvedBy.votes_abstain ?? 0,
              })}
              )
            </p>
          ) : null}

          {canManage ? (
            <div className="stack no-print">
              {n.status === 'draft' ? (
                <Form method="post" className="stack card">
                  <input type="hidden" name="intent" value="edit" />
                  <TextAreaField
                    name="text"
                    label={t('minutes.text')}
                    rows={10}
                    defaultValue={failedFor('edit')?.values.text ?? n.text}
                    error={failedFor('edit')?.fieldErrors.text}
                  />
                  <SummaryFields
                    current={n.summary_i18n ? (JSON.parse(n.summary_i18n) as Record<string, string>) : {}}
                  />
                  <button type="submit" className="secondary">
                    {t('minutes.save')}
                  </button>
                </Form>
              ) : null}
              {n.status === 'draft' || n.status === 'approved' ? (
                <Form method="post">
                  <input type="hidden" name="intent" value={n.status === 'draft' ? 'circulate' : 'publish'} />
                  <button type="submit">
                    {t(n.status === 'draft' ? 'minutes.circulate' : 'minutes.publish')}
                  </button>
                </Form>
              ) : null}
              {n.status === 'circulated' ? <p>{t('minutes.awaitingApproval')}</p> : null}
              {n.status === 'published' ? (
                <Form method="post" className="stack card">
                  <input type="hidden" name="intent" value="erratum" />
                  <p>{t('minutes.immutable')}</p>
                  <TextAreaField
                    name="text"
                    label={t('minutes.erratum')}
                    rows={3}
                    defaultValue={failedFor('erratum')?.values.text}
                    error={failedFor('erratum')?.fieldErrors.text}
                  />
                  <button type="submit" className="secondary">
                    {t('minutes.erratumSubmit')}
                  </button>
                </Form>
              ) : null}
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  )
}
