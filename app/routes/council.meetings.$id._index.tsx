import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { recordAttendance } from '../council/attendance.server'
import { AddItemForm, AgendaItemCard, AttendanceSection, useLiveRefresh } from '../council/meeting-view'
import {
  addAgendaItem,
  cancelMeeting,
  closeSession,
  convene,
  earlierHeldMeetings,
  getMeeting,
  openSession,
} from '../council/meetings.server'
import { createResolution } from '../council/resolutions.server'
import { agendaOpen, attendanceOpen, minutesVisible, nextStep, sittingMembers } from '../council/rules'
import {
  AttendanceSchema,
  CountsVoteSchema,
  ItemSchema,
  NamedVoteSchema,
  ProposalDecisionSchema,
  ResolutionSchema,
} from '../council/schemas.server'
import { MeetingStatusBadge } from '../council/view'
import { recordVote } from '../council/votes.server'
import { decideProposal, meetingCounsel } from '../council/workspace.server'
import { ConvocationAnswers, ProposalsForStaff } from '../council/workspace-view'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { Localised } from '../ui/localised'
import { storedOrPlain } from '../i18n/original-text'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['council'],
  title: 'council:meeting.title',
  // While attendance is open (convened, in session) readers' pages refresh themselves
  // (useLiveRefresh), and the secretariat's forms keep their pending indicators: scripts. A reader
  // of a scheduled or past meeting gets the page without (ADR 038).
  hydrate: (data: SerializeFrom<typeof loader> | undefined) =>
    Boolean(data && (data.canManage || attendanceOpen(data.meeting.status))),
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'council.view')
  const db = getDb()
  const found = await getMeeting(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const canManage = can(toActor(user), 'council.manage')
  const { body_id: bodyId, starts_at: before } = found.meeting
  const earlier = canManage ? await earlierHeldMeetings(db, { bodyId, before }) : []
  // Members' proposals and answers to the convocation are the secretariat's to see (issue #18).
  const counsel = canManage ? await meetingCounsel(db, found.meeting.id) : null
  return json({ ...found, canManage, earlier, counsel })
}

const DONE = [
  'scheduled',
  'convene',
  'cancel',
  'open',
  'close',
  'item',
  'attendance',
  'voted',
  'accepted',
  'declined',
] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const meetingId = args.params.id ?? ''
  const toItem = (data: { itemId: string }) => `#item-${data.itemId}`
  return formAction<Done>(args, {
    permission: 'council.manage',
    back: `/council/meetings/${meetingId}`,
    done: DONE,
    target: 'itemId',
    intents: {
      convene: intent({
        permission: 'council.manage',
        run: ({ db, user }) => convene(db, { actorUserId: user.id, meetingId }),
        done: 'convene',
      }),
      cancel: intent({
        permission: 'council.manage',
        run: ({ db, user }) => cancelMeeting(db, { actorUserId: user.id, meetingId }),
        done: 'cancel',
      }),
      open: intent({
        permission: 'council.manage',
        run: ({ db, user }) => openSession(db, { actorUserId: user.id, meetingId }),
        done: 'open',
      }),
      close: intent({
        permission: 'council.manage',
        run: ({ db, user }) => closeSession(db, { actorUserId: user.id, meetingId }),
        done: 'close',
      }),
      item: intent({
        permission: 'council.manage',
        schema: ItemSchema,
        run: ({ db, user, data }) => addAgendaItem(db, { actorUserId: user.id, meetingId, ...data }),
        done: 'item',
        suffix: () => '#agenda',
      }),
      attendance: intent({
        permission: 'council.manage',
        schema: AttendanceSchema,
        shape: { maps: { attendance: 'att_' } },
        run: ({ db, user, data }) =>
          recordAttendance(db, { actorUserId: user.id, meetingId, entries: data.attendance }),
        done: 'attendance',
        suffix: () => '#attendance',
      }),
      vote: intent({
        permission: 'council.manage',
        schema: CountsVoteSchema,
        run: ({ db, user, data }) => recordVote(db, { actorUserId: user.id, mode: 'counts', ...data }),
        done: 'voted',
        suffix: toItem,
      }),
      named: intent({
        permission: 'council.manage',
        schema: NamedVoteSchema,
        shape: { maps: { votes: 'v_' } },
        run: ({ db, user, data }) => recordVote(db, { actorUserId: user.id, mode: 'named', ...data }),
        done: 'voted',
        suffix: toItem,
      }),
      accept: intent({
        permission: 'council.manage',
        schema: ProposalDecisionSchema,
        run: ({ db, user, data }) =>
          decideProposal(db, {
            actorUserId: user.id,
            proposalId: data.proposalId,
            kind: data.kind,
            motion: data.motion,
            accept: true,
          }),
        done: 'accepted',
        suffix: () => '#agenda',
      }),
      decline: intent({
        permission: 'council.manage',
        schema: ProposalDecisionSchema,
        run: ({ db, user, data }) => decideProposal(db, { actorUserId: user.id, ...data, accept: false }),
        done: 'declined',
        suffix: () => '#proposals',
      }),
      resolution: intent({
        permission: 'council.manage',
        schema: ResolutionSchema,
        run: ({ db, user, data }) => createResolution(db, { actorUserId: user.id, ...data }),
        redirectTo: (created: { id: string }) => `/council/resolutions/${created.id}?done=created`,
      }),
    },
  })
}

export default function MeetingPage() {
  const { t, i18n } = useTranslation('council')
  const data = useLoaderData<typeof loader>()
  const formError = useActionFailure()()?.fieldErrors.form
  const m = data.meeting
  const live = attendanceOpen(m.status)
  useLiveRefresh(live && !data.canManage)
  const step = nextStep(m.status)
  const sitting = sittingMembers(data.quorum.members)
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/council/bodies/${m.body_id}`}>
          <Localised json={m.body_name_i18n} />
        </Link>
      </p>
      <Localised as="h1" json={storedOrPlain(m.title_i18n, m.title)} />
      <DoneNotice keys={DONE} message={(done) => t(`meeting.done.${done}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
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
            <dd>
              <bdi>{m.place}</bdi>
            </dd>
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
        {data.minutes && minutesVisible(data.minutes.status, data.canManage) ? (
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

      {data.canManage && step ? (
        <div className="actions card">
          <Form method="post">
            <SubmitButton intent={step}>{t(`meeting.steps.${step}`)}</SubmitButton>
          </Form>
          {agendaOpen(m.status) ? (
            <Form method="post">
              <SubmitButton intent="cancel" className="danger">
                {t('meeting.steps.cancel')}
              </SubmitButton>
            </Form>
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby="agenda" className="stack">
        <h2 id="agenda">{t('meeting.agenda')}</h2>
        {data.items.length === 0 ? <p>{t('meeting.noAgenda')}</p> : null}
        <ol className="stack agenda">
          {data.items.map((item) => (
            <AgendaItemCard
              key={item.id}
              item={item}
              canVote={
                data.canManage && m.status === 'in_session' && item.kind === 'deliberation' && !item.outcome
              }
              canResolve={
                data.canManage && item.outcome === 'approved' && !item.resolution && !item.approves_minutes_of
              }
              sitting={sitting}
            />
          ))}
        </ol>
        {data.canManage && agendaOpen(m.status) ? <AddItemForm earlier={data.earlier} /> : null}
      </section>

      {data.counsel ? (
        <ProposalsForStaff proposals={data.counsel.proposals} open={agendaOpen(m.status)} />
      ) : null}
      <AttendanceSection quorum={data.quorum} editable={data.canManage && live} />
      {data.counsel ? <ConvocationAnswers answers={data.counsel.confirmations} /> : null}
    </div>
  )
}
