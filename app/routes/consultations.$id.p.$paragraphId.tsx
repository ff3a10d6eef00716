import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import {
  contribute,
  editContribution,
  reportContribution,
  supportContribution,
} from '../consultations/contributions.server'
import { hideContribution } from '../consultations/moderation.server'
import { findThread, threadPage } from '../consultations/reading.server'
import {
  ContributionRefSchema,
  ContributionSchema,
  EditSchema,
  HideSchema,
  ReportSchema,
} from '../consultations/schemas.server'
import { Contribution, NewComment, ReplyForm } from '../consultations/thread-view'
import { BackToConsultation } from '../consultations/view'
import { pickText } from '../i18n/content'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { err, ok } from '../lib/result'
import { DoneNotice, useActionFailure } from '../ui/action-feedback'
import { Pager } from '../ui/pager'
import { isolate, Localised } from '../ui/localised'

export const handle = {
  i18n: ['consultations'],
  title: 'consultations:thread.title',
  // Moderators keep the scripts (pending indicators on the hide forms; ADR 038); readers and
  // commenters (plain forms) get the page without.
  hydrate: (data: SerializeFrom<typeof loader> | undefined) => Boolean(data?.canModerate),
}

const pageOf = (request: Request) =>
  Math.max(1, Math.min(100_000, Number(new URL(request.url).searchParams.get('page')) || 1))
const requestedPage = (request: Request) =>
  new URL(request.url).searchParams.get('page') === 'last' ? ('last' as const) : pageOf(request)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'consultations.view')
  const db = getDb()
  const place = await findThread(db, {
    consultationId: params.id ?? '',
    paragraphId: params.paragraphId ?? '',
  })
  if (!place) throw new Response('Not found', { status: 404 })
  const { found, paragraph } = place
  const thread = await threadPage(db, {
    consultationId: found.consultation.id,
    paragraphId: paragraph.id,
    page: requestedPage(request),
    viewerId: user?.id ?? null,
    accepting: found.accepting,
  })
  return json({
    consultation: {
      id: found.consultation.id,
      title_i18n: found.consultation.title_i18n,
      status: found.consultation.status,
    },
    accepting: found.accepting,
    paragraph,
    ...thread,
    signedIn: Boolean(user),
    canModerate: can(toActor(user), 'consultations.moderate'),
  })
}

const DONE = ['commented', 'replied', 'edited', 'supported', 'reported', 'hidden'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const consultationId = args.params.id ?? ''
  const paragraphParam = args.params.paragraphId ?? ''
  const thread = `/consultations/${consultationId}/p/${paragraphParam}`
  const back = `${thread}?page=${pageOf(args.request)}`
  const anchor = (data: { contributionId: string }) => `#c-${data.contributionId}`
  return formAction<Done>(args, {
    back,
    done: DONE,
    target: 'contributionId',
    intents: {
      comment: intent({
        permission: 'consultations.contribute',
        schema: ContributionSchema,
        run: async ({ db, user, data }) => {
          const place = await findThread(db, { consultationId, paragraphId: paragraphParam })
          if (!place) return err('not_found')
          return contribute(db, {
            ...data,
            userId: user.id,
            authorName: user.displayName,
            consultationId,
            paragraphId: place.paragraph.id,
          })
        },
        // A new thread lands on the last page; a reply stays on the page of its thread.
        redirectTo: (made: { id: string }, data) =>
          data.parentId
            ? `${back}&done=${'replied' satisfies Done}#c-${made.id}`
            : `${thread}?page=last&done=${'commented' satisfies Done}#c-${made.id}`,
      }),
      edit: intent({
        permission: 'consultations.contribute',
        schema: EditSchema,
        run: ({ db, user, data }) => editContribution(db, { userId: user.id, ...data }),
        done: 'edited',
        suffix: anchor,
      }),
      support: intent({
        permission: 'consultations.support',
        schema: ContributionRefSchema,
        run: ({ db, user, data }) => supportContribution(db, { userId: user.id, ...data }),
        done: 'supported',
        suffix: anchor,
      }),
      report: intent({
        permission: 'consultations.report',
        schema: ReportSchema,
        run: async ({ db, user, data }) => {
          const reported = await reportContribution(db, { userId: user.id, ...data })
          // Reporting twice changes nothing, and the person is thanked the same way.
          return !reported.ok && reported.error === 'already_reported' ? ok(null) : reported
        },
        done: 'reported',
        suffix: anchor,
      }),
      hide: intent({
        permission: 'consultations.moderate',
        schema: HideSchema,
        run: ({ db, user, data }) => hideContribution(db, { actorUserId: user.id, ...data }),
        done: 'hidden',
        suffix: anchor,
      }),
    },
  })
}

export default function ThreadPage() {
  const { t, i18n } = useTranslation('consultations')
  const data = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const { paragraph } = data
  const body = paragraph.body_i18n ? pickText(paragraph.body_i18n, i18n.language) : null
  const heading = paragraph.heading_i18n ? pickText(paragraph.heading_i18n, i18n.language) : null
  // Failures of a form on one contribution (or a reply) are shown next to it.
  const pageError = failed && !failed.target && !failed.values.parentId ? failed.fieldErrors.form : undefined
  return (
    <div className="page">
      <BackToConsultation consultation={data.consultation} />
      <h1>
        {paragraph.ref ? t('thread.headingParagraph', { ref: paragraph.ref }) : t('thread.headingGeneral')}
      </h1>
      {heading?.text ? <Localised as="p" className="muted" json={paragraph.heading_i18n} /> : null}
      {body ? (
        <blockquote className="quoted-paragraph">
          <Localised as="p" className="pre-wrap" json={paragraph.body_i18n} />
        </blockquote>
      ) : null}
      <DoneNotice keys={DONE} message={(done) => t(`thread.done.${done}`)} />
      {pageError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${pageError}`)}
        </p>
      ) : null}

      <section aria-labelledby="thread" className="stack">
        <h2 id="thread">{t('thread.count', { count: data.totalThreads })}</h2>
        {data.threads.length === 0 ? <p>{t('thread.empty')}</p> : null}
        <ol className="stack thread-list">
          {data.threads.map((entry) => (
            <li key={entry.id} className="card stack">
              <Contribution entry={entry} viewer={data} />
              {entry.replies.length ? (
                <ol
                  className="stack replies"
                  aria-label={t('thread.repliesTo', { name: isolate(entry.author_name) })}
                >
                  {entry.replies.map((reply) => (
                    <li key={reply.id}>
                      <Contribution entry={reply} viewer={data} />
                    </li>
                  ))}
                </ol>
              ) : null}
              {data.accepting && data.signedIn ? <ReplyForm entry={entry} /> : null}
            </li>
          ))}
        </ol>
        <Pager page={data.page} hasMore={data.hasMore} />
      </section>

      {data.accepting ? (
        data.signedIn ? (
          <NewComment paragraphRef={paragraph.ref} />
        ) : (
          <p>
            <Link
              to={`/login?redirectTo=${encodeURIComponent(`/consultations/${data.consultation.id}/p/${paragraph.id ?? 'general'}`)}`}
            >
              {t('page.signInToTakePart')}
            </Link>
          </p>
        )
      ) : (
        <p className="notice">{t('thread.closed')}</p>
      )}
    </div>
  )
}
