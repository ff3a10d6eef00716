import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import {
  addMember,
  attendanceStats,
  electionsWithSeats,
  endMembership,
  getBody,
  listMeetings,
  memberHistory,
  membersOn,
  scheduleMeeting,
  seatElected,
} from '../council/council.server'
import { EndMemberSchema, MeetingSchema, MemberSchema, SeatElectedSchema } from '../council/schemas.server'
import { MeetingStatusBadge } from '../council/view'
import { Localised } from '../ui/localised'
import { pickText } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure, parseForm, type FormFailure } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { formatPercent } from '../ui/format'
import { FormErrorSummary, SelectField, TextField } from '../ui/form'
import { TableRegion } from '../ui/table'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['council'], title: 'council:body.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'council.view')
  const db = getDb()
  const body = await getBody(db, params.id ?? '')
  if (!body) throw new Response('Not found', { status: 404 })
  const canManage = can(toActor(user), 'council.manage')
  return json({
    body,
    members: await membersOn(db, body.id, new Date().toISOString().slice(0, 10)),
    history: await memberHistory(db, body.id),
    meetings: await listMeetings(db, { bodyId: body.id }),
    stats: await attendanceStats(db, body.id),
    canManage,
    elections: canManage ? await electionsWithSeats(db) : [],
  })
}

type ActionData = FormFailure & { intent: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'council.manage'))!
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const bodyId = params.id ?? ''
  const db = getDb()
  const fail = (f: FormFailure, status = 400) => json<ActionData>({ ...f, intent }, { status })
  const back = (done: string) => redirect(`/council/bodies/${bodyId}?done=${done}`)
  if (intent === 'member') {
    const parsed = parseForm(MemberSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await addMember(db, user.id, bodyId, parsed.data)
    return result.ok
      ? back('member')
      : fail(failure({ [result.field ?? 'form']: result.error }, formData), result.field ? 400 : 404)
  }
  if (intent === 'end') {
    const parsed = parseForm(EndMemberSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await endMembership(db, { actorUserId: user.id, ...parsed.data })
    return result.ok
      ? back('ended')
      : fail(failure({ [result.field ?? 'form']: result.error }, formData), 409)
  }
  if (intent === 'seat') {
    const parsed = parseForm(SeatElectedSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await seatElected(db, { actorUserId: user.id, bodyId, electionId: parsed.data.electionId })
    return result.ok ? back('seated') : fail(failure({ form: result.error }, formData), 404)
  }
  if (intent === 'meeting') {
    const parsed = parseForm(MeetingSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await scheduleMeeting(db, user.id, { bodyId, ...parsed.data })
    return result.ok
      ? redirect(`/council/meetings/${result.value.id}?done=scheduled`)
      : fail(failure({ [result.field ?? 'form']: result.error }, formData), result.field ? 400 : 404)
  }
  return fail(failure({ form: 'unknown_intent' }, formData))
}

export default function BodyPage() {
  const { t, i18n } = useTranslation('council')
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const b = data.body
  const failedFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined)
  const done = params.get('done')
  const name = (id: string | null) => data.members.find((m) => m.id === id)?.display_name ?? ''
  const fullMembers = data.members.filter((m) => m.role === 'full')
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/council">{t('home.title')}</Link>
      </p>
      <Localised as="h1" json={b.name_i18n} />
      {done ? (
        <p className="notice notice--ok" role="status">
          {t(`body.done.${done}`)}
        </p>
      ) : null}
      <p>
        {t(`bodyKinds.${b.kind}`)} ·{' '}
        {t('body.rules', {
          seats: b.seats,
          open: b.quorum_open_pct,
          deliberate: b.quorum_deliberate_pct,
          notice: b.notice_days,
        })}
      </p>

      <section aria-labelledby="members">
        <h2 id="members">{t('body.members', { n: data.members.length })}</h2>
        <TableRegion
          labelledBy="members"
          headers={[t('body.name'), t('body.sector'), t('body.role'), t('body.term')]}
        >
          {data.members.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.display_name}
                {m.organisation ? <span className="muted"> — {m.organisation}</span> : null}
              </th>
              <td>
                {t(`sectors.${m.sector}`)}
                {m.segment ? ` (${t('body.segment', { segment: m.segment })})` : ''}
              </td>
              <td>
                {t(`roles.${m.role}`)}
                {m.alternate_for ? ` — ${t('body.alternateFor', { name: name(m.alternate_for) })}` : ''}
              </td>
              <td>
                <DateTime iso={m.term_starts} language={i18n.language} dateOnly />
                {m.term_ends ? (
                  <>
                    {' '}
                    – <DateTime iso={m.term_ends} language={i18n.language} dateOnly />
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </TableRegion>
      </section>

      <section aria-labelledby="stats">
        <h2 id="stats">{t('body.stats')}</h2>
        <p>{t('body.statsIntro')}</p>
        <TableRegion
          labelledBy="stats"
          headers={[
            t('body.name'),
            t('body.role'),
            t('body.meetings'),
            t('attendance.present'),
            t('attendance.excused'),
            t('attendance.absent'),
            t('body.rate'),
          ]}
        >
          {data.stats
            .filter((s) => s.meetings > 0)
            .map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  {s.display_name}
                  {s.term_ends ? <span className="muted"> ({t('body.former')})</span> : null}
                </th>
                <td>{t(`roles.${s.role}`)}</td>
                <td>{s.meetings}</td>
                <td>{s.present}</td>
                <td>{s.excused}</td>
                <td>{s.absent}</td>
                <td>{s.rate === null ? '—' : formatPercent(s.rate, i18n.language)}</td>
              </tr>
            ))}
        </TableRegion>
      </section>

      <section aria-labelledby="meetings">
        <h2 id="meetings">{t('body.meetingsTitle')}</h2>
        <ul className="stack">
          {data.meetings.map((m) => (
            <li key={m.id}>
              <Link to={`/council/meetings/${m.id}`}>{m.title}</Link> ·{' '}
              <DateTime iso={m.starts_at} language={i18n.language} /> ·{' '}
              <MeetingStatusBadge status={m.status} />
            </li>
          ))}
        </ul>
      </section>

      {data.history.length ? (
        <section aria-labelledby="history">
          <h2 id="history">{t('body.history')}</h2>
          <ul>
            {data.history.map((m) => (
              <li key={m.id}>
                {m.display_name} — {t(`roles.${m.role}`)},{' '}
                <DateTime iso={m.term_starts} language={i18n.language} dateOnly /> –{' '}
                <DateTime iso={m.term_ends!} language={i18n.language} dateOnly />
                {m.ended_reason ? ` (${m.ended_reason})` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.canManage ? (
        <>
          <section aria-labelledby="schedule" className="stack card">
            <h2 id="schedule">{t('staff.schedule')}</h2>
            <FormErrorSummary errors={failedFor('meeting')?.fieldErrors} />
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="meeting" />
              <SelectField
                name="kind"
                label={t('meeting.kind')}
                defaultValue={failedFor('meeting')?.values.kind ?? 'ordinary'}
                options={[
                  { value: 'ordinary', label: t('meetingKinds.ordinary') },
                  { value: 'extraordinary', label: t('meetingKinds.extraordinary') },
                ]}
              />
              <TextField
                name="title"
                label={t('meeting.titleField')}
                defaultValue={failedFor('meeting')?.values.title}
                error={failedFor('meeting')?.fieldErrors.title}
              />
              <TextField
                name="startsAt"
                type="datetime-local"
                label={t('meeting.startsAt')}
                hint={t('meeting.timeZoneHint')}
                defaultValue={failedFor('meeting')?.values.startsAt}
                error={failedFor('meeting')?.fieldErrors.startsAt}
              />
              <TextField
                name="place"
                label={t('meeting.place')}
                defaultValue={failedFor('meeting')?.values.place}
                error={failedFor('meeting')?.fieldErrors.place}
              />
              <TextField
                name="onlineUrl"
                type="url"
                label={t('meeting.onlineUrl')}
                defaultValue={failedFor('meeting')?.values.onlineUrl}
                error={failedFor('meeting')?.fieldErrors.onlineUrl}
              />
              <button type="submit">{t('staff.scheduleSubmit')}</button>
            </Form>
          </section>
          <section aria-labelledby="add-member" className="stack card">
            <h2 id="add-member">{t('staff.addMember')}</h2>
            <FormErrorSummary errors={failedFor('member')?.fieldErrors} />
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="member" />
              <TextField
                name="displayName"
                label={t('body.name')}
                defaultValue={failedFor('member')?.values.displayName}
                error={failedFor('member')?.fieldErrors.displayName}
              />
              <SelectField
                name="sector"
                label={t('body.sector')}
                defaultValue={failedFor('member')?.values.sector ?? 'government'}
                options={[
                  { value: 'government', label: t('sectors.government') },
                  { value: 'civil_society', label: t('sectors.civil_society') },
                ]}
              />
              <TextField
                name="organisation"
                label={t('staff.organisation')}
                defaultValue={failedFor('member')?.values.organisation}
                error={failedFor('member')?.fieldErrors.organisation}
              />
              <TextField
                name="segment"
                label={t('staff.segment')}
                hint={t('staff.segmentHint')}
                defaultValue={failedFor('member')?.values.segment}
                error={failedFor('member')?.fieldErrors.segment}
              />
              <SelectField
                name="role"
                label={t('body.role')}
                defaultValue={failedFor('member')?.values.role ?? 'full'}
                options={[
                  { value: 'full', label: t('roles.full') },
                  { value: 'alternate', label: t('roles.alternate') },
                ]}
              />
              <SelectField
                name="alternateFor"
                label={t('staff.alternateFor')}
                defaultValue={failedFor('member')?.values.alternateFor ?? ''}
                error={failedFor('member')?.fieldErrors.alternateFor}
                options={[
                  { value: '', label: t('staff.none') },
                  ...fullMembers.map((m) => ({ value: m.id, label: m.display_name })),
                ]}
              />
              <TextField
                name="termStarts"
                type="date"
                label={t('staff.termStarts')}
                defaultValue={failedFor('member')?.values.termStarts}
                error={failedFor('member')?.fieldErrors.termStarts}
              />
              <TextField
                name="termEnds"
                type="date"
                label={t('staff.termEnds')}
                defaultValue={failedFor('member')?.values.termEnds}
                error={failedFor('member')?.fieldErrors.termEnds}
              />
              <button type="submit" className="secondary">
                {t('staff.addMemberSubmit')}
              </button>
            </Form>
            {data.elections.length ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="seat" />
                <SelectField
                  name="electionId"
                  label={t('staff.seatElected')}
                  options={data.elections.map((e) => ({
                    value: e.id,
                    label: pickText(e.title_i18n, i18n.language).text,
                  }))}
                />
                <button type="submit" className="secondary">
                  {t('staff.seatSubmit')}
                </button>
              </Form>
            ) : null}
          </section>
          <section aria-labelledby="end-member" className="stack card">
            <h2 id="end-member">{t('staff.endMember')}</h2>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="end" />
              <SelectField
                name="memberId"
                label={t('body.name')}
                defaultValue=""
                error={failedFor('end')?.fieldErrors.memberId ?? failedFor('end')?.fieldErrors.form}
                options={[
                  { value: '', label: t('staff.choose') },
                  ...data.members.map((m) => ({
                    value: m.id,
                    label: `${m.display_name} (${t(`roles.${m.role}`)})`,
                  })),
                ]}
              />
              <TextField
                name="on"
                type="date"
                label={t('staff.endsOn')}
                defaultValue={failedFor('end')?.values.on}
                error={failedFor('end')?.fieldErrors.on}
              />
              <TextField
                name="reason"
                label={t('staff.reason')}
                defaultValue={failedFor('end')?.values.reason}
                error={failedFor('end')?.fieldErrors.reason}
              />
              <button type="submit" className="secondary">
                {t('staff.endSubmit')}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  )
}
