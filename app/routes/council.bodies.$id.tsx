import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { attendanceStats } from '../council/archive.server'
import { addMember, getBody, memberHistory, membersOn, seatElectedOnBody } from '../council/bodies.server'
import { AddMemberForms, AttendanceStatsTable, MembersTable, ScheduleMeetingForm } from '../council/body-view'
import { bodyPlanActions, followPlanAction, unfollowPlanAction } from '../council/followed-actions.server'
import { listMeetings, scheduleMeeting } from '../council/meetings.server'
import {
  DepartureSchema,
  FollowActionSchema,
  MeetingSchema,
  MemberSchema,
  PublicationSchema,
  SeatElectedSchema,
  SeatLinkSchema,
  SeatLookupSchema,
  SeatUnlinkSchema,
  SuccessionSchema,
  SwearingInSchema,
} from '../council/schemas.server'
import {
  findSeatAccount,
  linkSeatAccount,
  seatAccounts,
  unlinkSeatAccount,
} from '../council/seat-accounts.server'
import { FollowedActions, SeatAccounts } from '../council/seat-accounts-view'
import {
  bodySeatings,
  confirmSuccession,
  recordDeparture,
  recordOfficialPublication,
  recordSwearingIn,
  vacatedSeats,
} from '../council/terms.server'
import { DepartureForm, SeatingSteps, SeatingForms, Successions } from '../council/terms-view'
import { MeetingStatusBadge, TitleLink } from '../council/view'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice } from '../ui/action-feedback'
import { Localised } from '../ui/localised'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['council'],
  title: 'council:body.title',
  // The secretariat's membership, seating and meeting forms keep the pending indicators (ADR 038); readers get the page without scripts.
  hydrate: (data: SerializeFrom<typeof loader> | undefined) => Boolean(data?.canManage),
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'council.view')
  const db = getDb()
  const body = await getBody(db, params.id ?? '')
  if (!body) throw new Response('Not found', { status: 404 })
  const canManage = can(toActor(user), 'council.manage')
  // The seats' accounts are the secretariat's to see; `seat`/`account` name the one a look-up found,
  // shown only when `sig` (signed by the look-up for this staff member) confirms it.
  const q = new URL(request.url).searchParams
  const [seat, account, sig] = [q.get('seat'), q.get('account'), q.get('sig')]
  const candidate =
    seat && account && sig
      ? { memberId: seat.slice(0, 80), userId: account.slice(0, 80), sig: sig.slice(0, 100) }
      : null
  return json({
    body,
    members: await membersOn(db, { bodyId: body.id, on: new Date().toISOString().slice(0, 10) }),
    history: await memberHistory(db, body.id),
    meetings: await listMeetings(db, { bodyId: body.id }),
    stats: await attendanceStats(db, body.id),
    canManage,
    seatings: await bodySeatings(db, body.id),
    seats: await vacatedSeats(db, body.id),
    accounts:
      canManage && user ? await seatAccounts(db, { bodyId: body.id, actorUserId: user.id, candidate }) : null,
    planActions: canManage ? await bodyPlanActions(db, body.id) : null,
  })
}

const DONE = [
  'member',
  'ended',
  'seated',
  'created',
  'gazette',
  'sworn',
  'succeeded',
  'linked',
  'unlinked',
  'followed',
  'unfollowed',
] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const bodyId = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'council.manage',
    back: `/council/bodies/${bodyId}`,
    done: DONE,
    target: 'memberId',
    intents: {
      member: intent({
        permission: 'council.manage',
        schema: MemberSchema,
        run: ({ db, user, data }) => addMember(db, { actorUserId: user.id, bodyId, ...data }),
        done: 'member',
      }),
      leave: intent({
        permission: 'council.manage',
        schema: DepartureSchema,
        run: ({ db, user, data }) => recordDeparture(db, { actorUserId: user.id, bodyId, ...data }),
        done: 'ended',
      }),
      succeed: intent({
        permission: 'council.manage',
        schema: SuccessionSchema,
        run: ({ db, user, data }) => confirmSuccession(db, { actorUserId: user.id, bodyId, ...data }),
        done: 'succeeded',
      }),
      gazette: intent({
        permission: 'council.manage',
        schema: PublicationSchema,
        run: ({ db, user, data }) => recordOfficialPublication(db, { actorUserId: user.id, ...data }),
        done: 'gazette',
      }),
      swear: intent({
        permission: 'council.manage',
        schema: SwearingInSchema,
        run: ({ db, user, data }) => recordSwearingIn(db, { actorUserId: user.id, bodyId, ...data }),
        done: 'sworn',
      }),
      seat: intent({
        permission: 'council.manage',
        schema: SeatElectedSchema,
        run: ({ db, user, data }) =>
          seatElectedOnBody(db, { actorUserId: user.id, bodyId, electionId: data.electionId }),
        done: 'seated',
      }),
      findAccount: intent({
        permission: 'council.manage',
        schema: SeatLookupSchema,
        run: ({ db, user, data }) => findSeatAccount(db, { actorUserId: user.id, bodyId, ...data }),
        redirectTo: (found: { memberId: string; userId: string; sig: string }) =>
          `/council/bodies/${bodyId}?seat=${encodeURIComponent(found.memberId)}&account=${encodeURIComponent(found.userId)}&sig=${encodeURIComponent(found.sig)}#seat-${found.memberId}`,
      }),
      link: intent({
        permission: 'council.manage',
        schema: SeatLinkSchema,
        run: ({ db, user, data }) =>
          linkSeatAccount(db, { actorUserId: user.id, bodyId, ...data, sig: data.sig }),
        done: 'linked',
        suffix: (data) => `#seat-${data.memberId}`,
      }),
      unlink: intent({
        permission: 'council.manage',
        schema: SeatUnlinkSchema,
        run: ({ db, user, data }) => unlinkSeatAccount(db, { actorUserId: user.id, bodyId, ...data }),
        done: 'unlinked',
        suffix: (data) => `#seat-${data.memberId}`,
      }),
      follow: intent({
        permission: 'council.manage',
        schema: FollowActionSchema,
        run: ({ db, user, data }) => followPlanAction(db, { actorUserId: user.id, bodyId, ...data }),
        done: 'followed',
        suffix: () => '#followed-actions',
      }),
      unfollow: intent({
        permission: 'council.manage',
        schema: FollowActionSchema,
        run: ({ db, user, data }) => unfollowPlanAction(db, { actorUserId: user.id, bodyId, ...data }),
        done: 'unfollowed',
        suffix: () => '#followed-actions',
      }),
      meeting: intent({
        permission: 'council.manage',
        schema: MeetingSchema,
        run: ({ db, user, data }) => scheduleMeeting(db, { actorUserId: user.id, bodyId, ...data }),
        redirectTo: (meeting: { id: string }) => `/council/meetings/${meeting.id}?done=scheduled`,
      }),
    },
  })
}

export default function BodyPage() {
  const { t, i18n } = useTranslation('council')
  const data = useLoaderData<typeof loader>()
  const b = data.body
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/council">{t('home.title')}</Link>
      </p>
      <Localised as="h1" json={b.name_i18n} />
      <DoneNotice keys={DONE} message={(done) => t(`body.done.${done}`)} />
      <p>
        {t(`bodyKinds.${b.kind}`)} ·{' '}
        {t('body.rules', {
          seats: b.seats,
          open: b.quorum_open_pct,
          deliberate: b.quorum_deliberate_pct,
          notice: b.notice_days,
        })}
      </p>

      <SeatingSteps seatings={data.seatings} />
      <MembersTable members={data.members} />
      <Successions seats={data.seats} canManage={data.canManage} />
      <AttendanceStatsTable stats={data.stats} />

      <section aria-labelledby="meetings">
        <h2 id="meetings">{t('body.meetingsTitle')}</h2>
        <ul className="stack">
          {data.meetings.map((m) => (
            <li key={m.id}>
              <TitleLink to={`/council/meetings/${m.id}`} row={m} /> ·{' '}
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
                <bdi>{m.display_name}</bdi> — {t(`roles.${m.role}`)},{' '}
                <DateTime iso={m.term_starts} language={i18n.language} dateOnly /> –{' '}
                <DateTime iso={m.term_ends!} language={i18n.language} dateOnly />
                {m.leave_reason
                  ? ` (${t(`leaveReasons.${m.leave_reason}`)}${m.leave_act ? `, ${m.leave_act}` : ''})`
                  : m.ended_reason
                    ? ` (${m.ended_reason})`
                    : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.canManage ? (
        <>
          <ScheduleMeetingForm />
          <SeatingForms seatings={data.seatings} />
          <AddMemberForms members={data.members} elections={data.seatings} />
          <DepartureForm members={data.members} />
          {data.accounts ? (
            <SeatAccounts bodyId={b.id} members={data.members} accounts={data.accounts} />
          ) : null}
          {data.planActions ? <FollowedActions actions={data.planActions} /> : null}
        </>
      ) : null}
    </div>
  )
}
