import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { commentOnMinutes, commentOnUpdate } from '../council/member-comments.server'
import {
  ConvocationAnswerSchema,
  MinutesCommentSchema,
  MonitoringCommentSchema,
  ProposalSchema,
} from '../council/schemas.server'
import { MeetingStatusBadge, TitleLink } from '../council/view'
import { answerConvocation, myWorkspace, proposeAgendaItem } from '../council/workspace.server'
import {
  BodyHeading,
  CommentForm,
  CommentList,
  ConvocationAnswer,
  ProposalList,
  ProposeItemForm,
} from '../council/workspace-view'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice } from '../ui/action-feedback'
import { storedOrPlain } from '../i18n/original-text'
import { isolate, Localised } from '../ui/localised'
import { formatNumber } from '../ui/format'
import { DateTime } from '../ui/time'

// "Meu conselho" (issue #18): the workspace of a counsellor serving on one or more council bodies.

export const handle = { i18n: ['council', 'plan'], title: 'council:workspace.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'council.workspace')
  return json({ bodies: await myWorkspace(getDb(), { userId: user.id }) })
}

const DONE = ['proposed', 'answered', 'commented'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  return formAction<Done>(args, {
    permission: 'council.workspace',
    back: '/council/my',
    done: DONE,
    target: 'target',
    intents: {
      propose: intent({
        permission: 'council.workspace',
        schema: ProposalSchema,
        run: ({ db, user, data }) => proposeAgendaItem(db, { actor: toActor(user), ...data }),
        done: 'proposed',
        suffix: (data) => `#meeting-${data.meetingId}`,
      }),
      answer: intent({
        permission: 'council.workspace',
        schema: ConvocationAnswerSchema,
        run: ({ db, user, data }) => answerConvocation(db, { actor: toActor(user), ...data }),
        done: 'answered',
        suffix: (data) => `#meeting-${data.meetingId}`,
      }),
      commentMinutes: intent({
        permission: 'council.workspace',
        schema: MinutesCommentSchema,
        run: ({ db, user, data }) => commentOnMinutes(db, { actor: toActor(user), ...data }),
        done: 'commented',
        suffix: (data) => `#minutes-${data.meetingId}`,
      }),
      commentUpdate: intent({
        permission: 'council.workspace',
        schema: MonitoringCommentSchema,
        run: ({ db, user, data }) => commentOnUpdate(db, { actor: toActor(user), ...data }),
        done: 'commented',
        suffix: (data) => `#update-${data.updateId}`,
      }),
    },
  })
}

export default function MyCouncil() {
  const { t, i18n } = useTranslation('council')
  const { bodies } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('workspace.title')}</h1>
      <DoneNotice keys={DONE} message={(done) => t(`workspace.done.${done}`)} />
      {bodies.length === 0 ? <p>{t('workspace.notServing')}</p> : null}
      {bodies.map((b) => (
        <section key={b.memberId} aria-labelledby={`body-${b.bodyId}`} className="stack">
          <BodyHeading name={b.bodyName} role={b.role} id={b.bodyId} />
          <h3>{t('workspace.meetings')}</h3>
          {b.meetings.length === 0 ? <p>{t('workspace.noMeetings')}</p> : null}
          {b.meetings.map((m) => (
            <article key={m.id} id={`meeting-${m.id}`} className="card stack">
              <h4>
                <TitleLink to={`/council/meetings/${m.id}`} row={m} />{' '}
                <MeetingStatusBadge status={m.status} />
              </h4>
              <p>
                <DateTime iso={m.starts_at} language={i18n.language} />
                {m.place ? (
                  <>
                    {' '}
                    · <bdi>{m.place}</bdi>
                  </>
                ) : null}
              </p>
              <h5>{t('meeting.agenda')}</h5>
              {m.items.length ? (
                <ol>
                  {m.items.map((i) => (
                    <li key={i.id}>
                      <Localised json={storedOrPlain(i.title_i18n, i.title)} />
                    </li>
                  ))}
                </ol>
              ) : (
                <p>{t('meeting.noAgenda')}</p>
              )}
              <ConvocationAnswer meetingId={m.id} status={m.status} answer={m.answer} />
              <ProposalList proposals={m.proposals} />
              <ProposeItemForm meetingId={m.id} />
            </article>
          ))}
          <h3>{t('workspace.circulated')}</h3>
          {b.minutes.length === 0 ? <p>{t('workspace.noCirculated')}</p> : null}
          {b.minutes.map((n) => (
            <article key={n.id} id={`minutes-${n.meeting_id}`} className="card stack">
              <h4>{t('workspace.minutesOf', { title: isolate(n.title) })}</h4>
              <p className="prewrap" dir="auto">
                {n.text}
              </p>
              <h5>{t('workspace.comments')}</h5>
              <CommentList comments={n.comments} />
              <CommentForm
                intent="commentMinutes"
                target={n.meeting_id}
                fields={{ meetingId: n.meeting_id }}
                label={t('workspace.yourComment')}
              />
            </article>
          ))}
          <h3>{t('workspace.plan')}</h3>
          {b.plan.length === 0 ? <p>{t('workspace.noPlan')}</p> : null}
          {b.plan.map((a) => (
            <article key={a.id} className="card stack">
              <h4>
                <Link to={`/plan/actions/${a.id}`}>
                  {a.code} <Localised json={a.title_i18n} />
                </Link>
              </h4>
              {a.updates.length === 0 ? <p>{t('workspace.noUpdates')}</p> : null}
              {a.updates.map((u) => (
                <div key={u.id} id={`update-${u.id}`} className="stack">
                  <p>
                    <Localised json={u.name_i18n} />: {formatNumber(u.value, i18n.language)} {u.unit} (
                    <DateTime iso={u.reference_date} language={i18n.language} dateOnly />)
                  </p>
                  <p className="prewrap" dir="auto">
                    {u.evidence}
                  </p>
                  <CommentList comments={u.comments} />
                  <CommentForm
                    intent="commentUpdate"
                    target={u.id}
                    fields={{ bodyId: b.bodyId, updateId: u.id }}
                    label={t('workspace.yourComment')}
                  />
                </div>
              ))}
            </article>
          ))}
        </section>
      ))}
    </div>
  )
}
