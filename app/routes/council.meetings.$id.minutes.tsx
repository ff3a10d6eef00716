import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { minutesComments } from '../council/member-comments.server'
import { getMeeting } from '../council/meetings.server'
import { MinutesRecord, type Found } from '../council/minutes-view'
import {
  addErratum,
  advanceMinutes,
  draftMinutes,
  editMinutes,
  getMinutes,
  onMeetingMinutes,
} from '../council/minutes.server'
import { minutesVisible } from '../council/rules'
import {
  ErratumSchema,
  MinutesEditSchema,
  MinutesTextSchema,
  SUMMARY_FIELDS,
} from '../council/schemas.server'
import { MinutesHeading, SummaryFields, TitleLink } from '../council/view'
import { CommentList } from '../council/workspace-view'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { TextAreaField } from '../ui/form'
import { Localised } from '../ui/localised'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['council'],
  title: 'council:minutes.title',
  // The secretariat's drafting and publishing forms keep the pending indicators (ADR 038); readers get the page without scripts.
  hydrate: (data: SerializeFrom<typeof loader> | undefined) => Boolean(data?.canManage),
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'council.view')
  const db = getDb()
  const meeting = await getMeeting(db, params.id ?? '')
  if (!meeting) throw new Response('Not found', { status: 404 })
  const canManage = can(toActor(user), 'council.manage')
  const found = await getMinutes(db, meeting.meeting.id)
  // No minutes yet: only the secretariat, who drafts them, has a page here.
  const visible = found ? minutesVisible(found.minutes.status, canManage) : canManage
  if (!visible) throw new Response('Not found', { status: 404 })
  // Members' comments on the circulated draft are for the secretariat (issue #18), not the public.
  const comments = canManage && found ? await minutesComments(db, meeting.meeting.id) : []
  return json({ meeting: meeting.meeting, found, canManage, comments })
}

const DONE = ['drafted', 'edited', 'circulate', 'publish', 'erratum'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const meetingId = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'council.manage',
    back: `/council/meetings/${meetingId}/minutes`,
    done: DONE,
    intents: {
      draft: intent({
        permission: 'council.manage',
        schema: MinutesTextSchema,
        run: ({ db, user, data }) => draftMinutes(db, { actorUserId: user.id, meetingId, text: data.text }),
        done: 'drafted',
      }),
      edit: intent({
        permission: 'council.manage',
        schema: MinutesEditSchema,
        shape: SUMMARY_FIELDS,
        run: ({ db, user, data }) =>
          onMeetingMinutes(db, {
            meetingId,
            command: (minutesId) => editMinutes(db, { actorUserId: user.id, minutesId, ...data }),
          }),
        done: 'edited',
      }),
      circulate: intent({
        permission: 'council.manage',
        run: ({ db, user }) =>
          onMeetingMinutes(db, {
            meetingId,
            command: (minutesId) => advanceMinutes(db, { actorUserId: user.id, minutesId, to: 'circulated' }),
          }),
        done: 'circulate',
      }),
      publish: intent({
        permission: 'council.manage',
        run: ({ db, user }) =>
          onMeetingMinutes(db, {
            meetingId,
            command: (minutesId) => advanceMinutes(db, { actorUserId: user.id, minutesId, to: 'published' }),
          }),
        done: 'publish',
      }),
      erratum: intent({
        permission: 'council.manage',
        schema: ErratumSchema,
        run: ({ db, user, data }) =>
          onMeetingMinutes(db, {
            meetingId,
            command: (minutesId) => addErratum(db, { actorUserId: user.id, minutesId, text: data.text }),
          }),
        done: 'erratum',
      }),
    },
  })
}

export default function MinutesPage() {
  const { t, i18n } = useTranslation('council')
  const { meeting, found, canManage, comments } = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const formError = failedFor()?.fieldErrors.form
  const n = found?.minutes
  return (
    <div className="page report">
      <p className="breadcrumb no-print">
        <TitleLink to={`/council/meetings/${meeting.id}`} row={meeting} />
      </p>
      <h1>
        <MinutesHeading meeting={meeting} notes />
      </h1>
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
      <DoneNotice className="no-print" keys={DONE} message={(done) => t(`minutes.done.${done}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      ) : null}

      {!n && canManage ? (
        <Form method="post" className="stack card">
          <p>{t('minutes.draftIntro')}</p>
          <TextAreaField
            name="text"
            label={t('minutes.text')}
            rows={10}
            defaultValue={failedFor('draft')?.values.text}
            error={failedFor('draft')?.fieldErrors.text}
          />
          <SubmitButton intent="draft">{t('minutes.draftSubmit')}</SubmitButton>
        </Form>
      ) : null}

      {found && n ? (
        <>
          {n.summary_i18n ? (
            <section aria-labelledby="summary">
              <h2 id="summary">{t('minutes.summary')}</h2>
              <Localised as="p" json={n.summary_i18n} />
            </section>
          ) : null}
          <MinutesRecord found={found} />
          {canManage ? <MinutesActions minutes={n} /> : null}
          {canManage && n.status !== 'draft' ? (
            <section aria-labelledby="member-comments" className="stack no-print">
              <h2 id="member-comments">{t('workspace.comments')}</h2>
              <CommentList comments={comments} />
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  )
}

/** What the secretariat can do with the minutes in their status. */
function MinutesActions({ minutes }: { minutes: Found['minutes'] }) {
  const { t } = useTranslation('council')
  const failedFor = useActionFailure()
  const n = minutes
  return (
    <div className="stack no-print">
      {n.status === 'draft' ? (
        <Form method="post" className="stack card">
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
          <SubmitButton intent="edit" className="secondary">
            {t('minutes.save')}
          </SubmitButton>
        </Form>
      ) : null}
      {n.status === 'draft' || n.status === 'approved' ? (
        <Form method="post">
          <SubmitButton intent={n.status === 'draft' ? 'circulate' : 'publish'}>
            {t(n.status === 'draft' ? 'minutes.circulate' : 'minutes.publish')}
          </SubmitButton>
        </Form>
      ) : null}
      {n.status === 'circulated' ? <p>{t('minutes.awaitingApproval')}</p> : null}
      {n.status === 'published' ? (
        <Form method="post" className="stack card">
          <p>{t('minutes.immutable')}</p>
          <TextAreaField
            name="text"
            label={t('minutes.erratum')}
            rows={3}
            defaultValue={failedFor('erratum')?.values.text}
            error={failedFor('erratum')?.fieldErrors.text}
          />
          <SubmitButton intent="erratum" className="secondary">
            {t('minutes.erratumSubmit')}
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  )
}
