import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { AttendanceStatus, VoteChoice } from '../../db/schema'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import {
  addAgendaItem,
  cancelMeeting,
  closeSession,
  convene,
  createResolution,
  getMeeting,
  listMeetings,
  openSession,
  recordAttendance,
  recordVote,
} from '../council/council.server'
import { resolutionCode } from '../council/rules'
import { CountsVoteSchema, ItemSchema, ResolutionSchema } from '../council/schemas.server'
import { MeetingStatusBadge, QuorumPanel } from '../council/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { failure, parseForm, type FormFailure } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { FormErrorSummary, RadioGroup, SelectField, TextAreaField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['council'], title: 'council:meeting.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'council.view')
  const db = getDb()
  const found = await getMeeting(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const canManage = can(toActor(user), 'council.manage')
  const earlier = canManage
    ? (await listMeetings(db, { bodyId: found.meeting.body_id }))
        .filter((m) => m.status === 'held' && m.starts_at < found.meeting.starts_at)
        .map((m) => ({ id: m.id, title: m.title, starts_at: m.starts_at }))
    : []
  return json({
    ...found,
    items: found.items.map((i) => ({
      ...i,
      resolutionCode: i.resolution
        ? resolutionCode(i.resolution.number, found.meeting.resolution_code, i.resolution.year)
        : null,
    })),
    canManage,
    earlier,
  })
}

type ActionData = FormFailure & { intent: string; itemId?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'council.manage'))!
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const meetingId = params.id ?? ''
  const db = getDb()
  const fail = (f: FormFailure, status = 400) =>
    json<ActionData>({ ...f, intent, itemId: String(formData.get('itemId') ?? '') }, { status })
  const back = (done: string, anchor = '') => redirect(`/council/meetings/${meetingId}?done=${done}${anchor}`)
  const refused = (error: string, field?: string) =>
    fail(failure({ [field ?? 'form']: error }, formData), field ? 400 : error === 'not_found' ? 404 : 409)
  const steps = { convene, cancel: cancelMeeting, open: openSession, close: closeSession } as const
  if (Object.hasOwn(steps, intent)) {
    const result = await steps[intent as keyof typeof steps](db, { actorUserId: user.id, meetingId })
    return result.ok ? back(intent) : refused(result.error)
  }
  if (intent === 'item') {
    const parsed = parseForm(ItemSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await addAgendaItem(db, user.id, meetingId, parsed.data)
    return result.ok ? back('item', '#agenda') : refused(result.error, result.field)
  }
  if (intent === 'attendance') {
    const entries: { memberId: string; status: AttendanceStatus }[] = []
    for (const [key, value] of formData.entries()) {
      if (key.startsWith('att_') && (value === 'present' || value === 'absent' || value === 'excused'))
        entries.push({ memberId: key.slice(4), status: value })
    }
    const result = await recordAttendance(db, { actorUserId: user.id, meetingId, entries })
    return result.ok ? back('attendance', '#attendance') : refused(result.error)
  }
  if (intent === 'vote') {
    const parsed = parseForm(CountsVoteSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await recordVote(db, { actorUserId: user.id, mode: 'counts', ...parsed.data })
    return result.ok ? back('voted', `#item-${parsed.data.itemId}`) : refused(result.error)
  }
  if (intent === 'named') {
    const votes: { memberId: string; vote: VoteChoice }[] = []
    for (const [key, value] of formData.entries()) {
      if (key.startsWith('v_') && (value === 'yes' || value === 'no' || value === 'abstain'))
        votes.push({ memberId: key.slice(2), vote: value })
    }
    const itemId = String(formData.get('itemId') ?? '')
    if (votes.length === 0) return refused('no_votes')
    const result = await recordVote(db, { actorUserId: user.id, mode: 'named', itemId, votes })
    return result.ok ? back('voted', `#item-${itemId}`) : refused(result.error)
  }
  if (intent === 'resolution') {
    const parsed = parseForm(ResolutionSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await createResolution(db, {
      actorUserId: user.id,
      itemId: parsed.data.itemId,
      title: parsed.data.title,
      text: parsed.data.text,
      gazetteReference: parsed.data.gazetteReference,
    })
    return result.ok
      ? redirect(`/council/resolutions/${result.value.id}?done=created`)
      : refused(result.error)
  }
  return refused('unknown_intent')
}

/** While a meeting is convened or in session, the page refreshes its data (attendance, quorum, votes). */
function useLiveRefresh(active: boolean) {
  const revalidator = useRevalidator()
  useEffect(() => {
    if (!active) return
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible' && revalidator.state === 'idle') revalidator.revalidate()
    }, 15_000)
    return () => window.clearInterval(timer)
  }, [active, revalidator])
}

export default function MeetingPage() {
  const { t, i18n } = useTranslation('council')
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const m = data.meeting
  const done = params.get('done')
  const live = m.status === 'convened' || m.status === 'in_session'
  useLiveRefresh(live && !data.canManage)
  const failedFor = (intent: string, itemId?: string) =>
    actionData?.intent === intent && (!itemId || actionData.itemId === itemId) ? actionData : undefined
  const byId = new Map(data.quorum.members.map((x) => [x.id, x.display_name]))
  const sitting = data.quorum.members.filter(
    (x) => (x.role === 'full' && x.attendance === 'present') || x.sittingInFor,
  )
  const nextStep = { scheduled: 'convene', convened: 'open', in_session: 'close' }[m.status as string]
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/council/bodies/${m.body_id}`}>
          <Localised json={m.body_name_i18n} />
        </Link>
      </p>
      <h1>{m.title}</h1>
      {done ? (
        <p className="notice notice--ok" role="status">
          {t(`meeting.done.${done}`)}
        </p>
      ) : null}
      {actionData?.fieldErrors.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${actionData.fieldErrors.form}`)}
        </p>
      ) : null}
      <dl className="summary-list">
        <dt>{t('meeting.kind')}</dt>
        <dd>{t(`meetingKinds.${m.kind}`)}</dd>
        <dt>{t('meeting.startsAt')}</dt>
        <dd>
          <DateTime iso={m.starts_at} language={i18n.language} />
        </dd>
        {m.place ? (
          <>
            <dt>{t('meeting.place')}</dt>
            <dd>{m.place}</dd>
          </>
        ) : null}
        {m.online_url ? (
          <>
            <dt>{t('meeting.onlineUrl')}</dt>
            <dd>
              <a href={m.online_url} rel="noopener noreferrer">
                {m.online_url}
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t('meeting.status')}</dt>
        <dd>
          <MeetingStatusBadge status={m.status} />
        </dd>
      </dl>
      <p>
        <a href={`/council/meetings/${m.id}/ics`}>{t('meeting.addToCalendar')}</a>
        {data.minutes && (data.minutes.status === 'published' || data.canManage) ? (
          <>
            {' '}
            · <Link to={`/council/meetings/${m.id}/minutes`}>{t('meeting.minutes')}</Link>
          </>
        ) : null}
        {!data.minutes && data.canManage && m.status === 'held' ? (
          <>
            {' '}
            · <Link to={`/council/meetings/${m.id}/minutes`}>{t('meeting.draftMinutes')}</Link>
          </>
        ) : null}
      </p>

      {data.canManage && nextStep ? (
        <div className="actions card">
          <Form method="post">
            <input type="hidden" name="intent" value={nextStep} />
            <button type="submit">{t(`meeting.steps.${nextStep}`)}</button>
          </Form>
          {m.status === 'scheduled' || m.status === 'convened' ? (
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="danger">
                {t('meeting.steps.cancel')}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby="agenda" className="stack">
        <h2 id="agenda">{t('meeting.agenda')}</h2>
        {data.items.length === 0 ? <p>{t('meeting.noAgenda')}</p> : null}
        <ol className="stack agenda">
          {data.items.map((item) => (
            <li key={item.id} id={`item-${item.id}`} className="card stack">
              <h3 className="h3">{item.title}</h3>
              {item.description ? <p className="pre-wrap">{item.description}</p> : null}
              {item.approves ? (
                <p>
                  {t('meeting.approvesMinutesOf')}{' '}
                  <Link to={`/council/meetings/${item.approves.id}/minutes`}>{item.approves.title}</Link>
                </p>
              ) : null}
              {item.motion ? (
                <p>
                  <strong>{t('meeting.motion')}</strong> <span className="pre-wrap">{item.motion}</span>
                </p>
              ) : null}
              {item.outcome ? (
                <p>
                  <span className={`status-badge status-badge--${item.outcome}`}>
                    {t(`outcomes.${item.outcome}`)}
                  </span>{' '}
                  {t('meeting.votes', {
                    yes: item.votes_yes ?? 0,
                    no: item.votes_no ?? 0,
                    abstain: item.votes_abstain ?? 0,
                    present: item.present_at_vote ?? 0,
                  })}
                </p>
              ) : null}
              {item.namedVotes.length ? (
                <details>
                  <summary>{t('meeting.namedVotes')}</summary>
                  <ul>
                    {item.namedVotes.map((v) => (
                      <li key={v.display_name}>
                        {v.display_name}: {t(`votes.${v.vote}`)}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
              {item.resolution ? (
                <p>
                  <Link to={`/council/resolutions/${item.resolution.id}`}>
                    {t('meeting.resolution', { code: item.resolutionCode })}
                  </Link>{' '}
                  — {item.resolution.title}
                </p>
              ) : null}

              {data.canManage &&
              m.status === 'in_session' &&
              item.kind === 'deliberation' &&
              !item.outcome ? (
                <div className="stack">
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="vote" />
                    <input type="hidden" name="itemId" value={item.id} />
                    <TextField
                      name="yes"
                      inputMode="numeric"
                      label={t('votes.yes')}
                      defaultValue={failedFor('vote', item.id)?.values.yes}
                      error={failedFor('vote', item.id)?.fieldErrors.yes}
                    />
                    <TextField
                      name="no"
                      inputMode="numeric"
                      label={t('votes.no')}
                      defaultValue={failedFor('vote', item.id)?.values.no}
                      error={failedFor('vote', item.id)?.fieldErrors.no}
                    />
                    <TextField
                      name="abstain"
                      inputMode="numeric"
                      label={t('votes.abstain')}
                      defaultValue={failedFor('vote', item.id)?.values.abstain ?? '0'}
                      error={failedFor('vote', item.id)?.fieldErrors.abstain}
                    />
                    <button type="submit">{t('meeting.recordVote')}</button>
                  </Form>
                  <details>
                    <summary>{t('meeting.recordNamed')}</summary>
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="named" />
                      <input type="hidden" name="itemId" value={item.id} />
                      {sitting.map((s) => (
                        <RadioGroup
                          key={s.id}
                          name={`v_${s.id}`}
                          legend={s.display_name}
                          options={(['yes', 'no', 'abstain'] as const).map((v) => ({
                            value: v,
                            label: t(`votes.${v}`),
                          }))}
                        />
                      ))}
                      <button type="submit">{t('meeting.recordVote')}</button>
                    </Form>
                  </details>
                </div>
              ) : null}
              {data.canManage &&
              item.outcome === 'approved' &&
              !item.resolution &&
              !item.approves_minutes_of ? (
                <details open={Boolean(failedFor('resolution', item.id))}>
                  <summary>{t('meeting.makeResolution')}</summary>
                  <Form method="post" className="stack">
                    <input type="hidden" name="intent" value="resolution" />
                    <input type="hidden" name="itemId" value={item.id} />
                    <TextField
                      name="title"
                      label={t('resolution.titleField')}
                      defaultValue={failedFor('resolution', item.id)?.values.title ?? item.title}
                      error={failedFor('resolution', item.id)?.fieldErrors.title}
                    />
                    <TextAreaField
                      name="text"
                      label={t('resolution.text')}
                      rows={6}
                      defaultValue={failedFor('resolution', item.id)?.values.text ?? item.motion ?? ''}
                      error={failedFor('resolution', item.id)?.fieldErrors.text}
                    />
                    <TextField
                      name="gazetteReference"
                      label={t('resolution.gazette')}
                      defaultValue={failedFor('resolution', item.id)?.values.gazetteReference}
                    />
                    <button type="submit">{t('meeting.makeResolutionSubmit')}</button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
        {data.canManage && (m.status === 'scheduled' || m.status === 'convened') ? (
          <Form method="post" className="stack card">
            <h3 className="h3">{t('meeting.addItem')}</h3>
            <FormErrorSummary errors={failedFor('item')?.fieldErrors} />
            <input type="hidden" name="intent" value="item" />
            <TextField
              name="title"
              label={t('meeting.itemTitle')}
              defaultValue={failedFor('item')?.values.title}
              error={failedFor('item')?.fieldErrors.title}
            />
            <TextAreaField
              name="description"
              label={t('meeting.itemDescription')}
              rows={2}
              defaultValue={failedFor('item')?.values.description}
            />
            <SelectField
              name="kind"
              label={t('meeting.itemKind')}
              defaultValue={failedFor('item')?.values.kind ?? 'deliberation'}
              options={[
                { value: 'deliberation', label: t('itemKinds.deliberation') },
                { value: 'information', label: t('itemKinds.information') },
              ]}
            />
            <TextAreaField
              name="motion"
              label={t('meeting.motion')}
              rows={3}
              defaultValue={failedFor('item')?.values.motion}
              error={failedFor('item')?.fieldErrors.motion}
            />
            {data.earlier.length ? (
              <SelectField
                name="approvesMinutesOf"
                label={t('meeting.approvesMinutesOf')}
                defaultValue={failedFor('item')?.values.approvesMinutesOf ?? ''}
                error={failedFor('item')?.fieldErrors.approvesMinutesOf}
                options={[
                  { value: '', label: t('staff.none') },
                  ...data.earlier.map((e) => ({ value: e.id, label: e.title })),
                ]}
              />
            ) : null}
            <button type="submit" className="secondary">
              {t('meeting.addItemSubmit')}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="attendance" className="stack">
        <h2 id="attendance">{t('meeting.attendance')}</h2>
        <QuorumPanel quorum={data.quorum} />
        {data.canManage && live ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="attendance" />
            {data.quorum.members.map((x) => (
              <SelectField
                key={x.id}
                name={`att_${x.id}`}
                label={`${x.display_name} — ${t(`roles.${x.role}`)}${x.alternate_for ? ` (${t('body.alternateFor', { name: byId.get(x.alternate_for) ?? '' })})` : ''}`}
                defaultValue={x.attendance ?? ''}
                options={[
                  { value: '', label: t('attendance.unknown') },
                  ...(['present', 'absent', 'excused'] as const).map((s) => ({
                    value: s,
                    label: t(`attendance.${s}`),
                  })),
                ]}
              />
            ))}
            <button type="submit">{t('meeting.saveAttendance')}</button>
          </Form>
        ) : (
          <ul>
            {data.quorum.members.map((x) => (
              <li key={x.id}>
                {x.display_name} ({t(`sectors.${x.sector}`)}, {t(`roles.${x.role}`)}):{' '}
                {x.attendance ? t(`attendance.${x.attendance}`) : t('attendance.unknown')}
                {x.sittingInFor
                  ? ` — ${t('meeting.sittingInFor', { name: byId.get(x.sittingInFor) ?? '' })}`
                  : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
