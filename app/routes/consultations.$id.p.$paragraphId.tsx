import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import {
  contribute,
  editContribution,
  getConsultation,
  getParagraph,
  hideContribution,
  reportContribution,
  supportContribution,
  threadPage,
  type ThreadEntry,
} from '../consultations/consultations.server'
import { ContributionSchema, EditSchema, HideSchema, ReportSchema } from '../consultations/schemas.server'
import { EDIT_WINDOW_MINUTES } from '../consultations/text'
import { BackToConsultation, TargetName, WrittenIn } from '../consultations/view'
import { LANGUAGES, LANGUAGE_NAMES, pickText } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure, parseForm, type FormFailure } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { SelectField, TextAreaField } from '../ui/form'
import { Pager } from '../ui/pager'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['consultations'], title: 'consultations:thread.title' }

const pageOf = (request: Request) =>
  Math.max(1, Math.min(100_000, Number(new URL(request.url).searchParams.get('page')) || 1))
const requestedPage = (request: Request) =>
  new URL(request.url).searchParams.get('page') === 'last' ? ('last' as const) : pageOf(request)

async function load(request: Request, consultationId: string, paragraphId: string) {
  const db = getDb()
  const found = await getConsultation(db, consultationId)
  if (!found || found.consultation.status === 'draft') throw new Response('Not found', { status: 404 })
  const paragraph = await getParagraph(db, consultationId, paragraphId)
  if (!paragraph) throw new Response('Not found', { status: 404 })
  return { db, found, paragraph }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'consultations.view')
  const { db, found, paragraph } = await load(request, params.id ?? '', params.paragraphId ?? '')
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

type ActionData = FormFailure & { intent: string; contributionId?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const consultationId = params.id ?? ''
  const paragraphParam = params.paragraphId ?? ''
  const page = pageOf(request)
  const fail = (failed: FormFailure, status: number) =>
    json<ActionData>(
      {
        ...failed,
        intent,
        contributionId: String(formData.get('contributionId') ?? formData.get('parentId') ?? ''),
      },
      { status },
    )
  const back = (done: string, anchor?: string) =>
    redirect(
      `/consultations/${consultationId}/p/${paragraphParam}?page=${page}&done=${done}${anchor ? `#c-${anchor}` : ''}`,
    )
  const statusOf = (error: string) =>
    error === 'not_found' || error === 'unknown_paragraph' || error === 'unknown_parent'
      ? 404
      : error === 'rate_limited'
        ? 429
        : 409

  if (intent === 'comment') {
    const user = (await requirePermission(request, 'consultations.contribute'))!
    const { paragraph } = await load(request, consultationId, paragraphParam)
    const parsed = parseForm(ContributionSchema, formData)
    if (!parsed.ok) return fail(parsed, 400)
    const result = await contribute(getDb(), {
      userId: user.id,
      authorName: user.displayName,
      consultationId,
      paragraphId: paragraph.id,
      parentId: parsed.data.parentId,
      language: parsed.data.language,
      body: parsed.data.body,
    })
    if (!result.ok)
      return fail(failure({ [result.field ?? 'form']: result.error }, formData), statusOf(result.error))
    // A new thread lands on the last page; a reply stays on the page of its thread.
    if (!parsed.data.parentId)
      return redirect(
        `/consultations/${consultationId}/p/${paragraphParam}?page=last&done=commented#c-${result.value.id}`,
      )
    return back('replied', result.value.id)
  }
  if (intent === 'edit') {
    const user = (await requirePermission(request, 'consultations.contribute'))!
    const parsed = parseForm(EditSchema, formData)
    if (!parsed.ok) return fail(parsed, 400)
    const result = await editContribution(getDb(), {
      userId: user.id,
      contributionId: parsed.data.contributionId,
      body: parsed.data.body,
    })
    if (!result.ok)
      return fail(
        failure({ [result.field ?? 'form']: result.error }, formData),
        result.error === 'not_yours' ? 403 : statusOf(result.error),
      )
    return back('edited', parsed.data.contributionId)
  }
  if (intent === 'support') {
    const user = (await requirePermission(request, 'consultations.support'))!
    const contributionId = String(formData.get('contributionId') ?? '')
    const result = await supportContribution(getDb(), { userId: user.id, contributionId })
    if (!result.ok) return fail(failure({ form: result.error }, formData), statusOf(result.error))
    return back('supported', contributionId)
  }
  if (intent === 'report') {
    const user = (await requirePermission(request, 'consultations.report'))!
    const parsed = parseForm(ReportSchema, formData)
    if (!parsed.ok) return fail(parsed, 400)
    const result = await reportContribution(getDb(), { userId: user.id, ...parsed.data })
    if (!result.ok && result.error !== 'already_reported')
      return fail(failure({ form: result.error }, formData), statusOf(result.error))
    return back('reported', parsed.data.contributionId)
  }
  if (intent === 'hide') {
    const user = (await requirePermission(request, 'consultations.moderate'))!
    const parsed = parseForm(HideSchema, formData)
    if (!parsed.ok) return fail(parsed, 400)
    const result = await hideContribution(getDb(), { actorUserId: user.id, ...parsed.data })
    if (!result.ok) return fail(failure({ form: result.error }, formData), statusOf(result.error))
    return back('hidden', parsed.data.contributionId)
  }
  return fail(failure({ form: 'unknown_intent' }, formData), 400)
}

function LanguageSelect({ defaultValue, error }: { defaultValue: string; error?: string }) {
  const { t } = useTranslation('consultations')
  return (
    <SelectField
      name="language"
      label={t('thread.language')}
      hint={t('thread.languageHint')}
      defaultValue={defaultValue}
      error={error}
      options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
    />
  )
}

function Contribution({
  entry,
  data,
  actionData,
}: {
  entry: ThreadEntry
  data: { accepting: boolean; signedIn: boolean; canModerate: boolean }
  actionData?: ActionData
}) {
  const { t, i18n } = useTranslation('consultations')
  const mineFailed = actionData?.contributionId === entry.id ? actionData : undefined
  const errorsFor = (intent: string) => (mineFailed?.intent === intent ? mineFailed.fieldErrors : undefined)
  const valuesFor = (intent: string) => (mineFailed?.intent === intent ? mineFailed.values : undefined)
  return (
    <article className="contribution stack" id={`c-${entry.id}`} aria-labelledby={`c-${entry.id}-by`}>
      <p id={`c-${entry.id}-by`}>
        <strong>{entry.author_name}</strong> · <DateTime iso={entry.created_at} language={i18n.language} />{' '}
        {entry.hidden ? null : <WrittenIn language={entry.language} />}
        {entry.edited_at ? <span className="muted"> · {t('thread.edited')}</span> : null}
      </p>
      {entry.hidden ? (
        <p className="notice">{t('thread.hiddenPlaceholder', { reason: entry.hidden_reason ?? '' })}</p>
      ) : (
        <p className="pre-wrap" lang={entry.language}>
          {entry.body}
        </p>
      )}
      {entry.revisions.length ? (
        <details>
          <summary>{t('thread.history', { n: entry.revisions.length })}</summary>
          <ol>
            {entry.revisions.map((r) => (
              <li key={r.replaced_at}>
                <p className="pre-wrap" lang={entry.language}>
                  {r.body}
                </p>
                <p className="muted">
                  {t('thread.replacedAt')} <DateTime iso={r.replaced_at} language={i18n.language} />
                </p>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {entry.answer ? (
        <div className={`official-answer official-answer--${entry.answer}`}>
          <p>
            <strong>{t('thread.officialAnswer')}</strong>{' '}
            <span className={`status-badge status-badge--${entry.answer}`}>
              {t(`answers.${entry.answer}`)}
            </span>
          </p>
          <p className="pre-wrap" lang="pt-BR">
            {entry.answer_text}
          </p>
          {entry.outcomes.map((o) => (
            <p key={o.action_id ?? o.campaign_id}>
              {t('thread.changed')} <TargetName target={{ ...o }} />
            </p>
          ))}
        </div>
      ) : null}
      {errorsFor('support')?.form || errorsFor('report')?.form || errorsFor('hide')?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errorsFor('support')?.form ?? errorsFor('report')?.form ?? errorsFor('hide')?.form}`)}
        </p>
      ) : null}
      <div className="actions">
        <span>{t('thread.supports', { n: entry.supports })}</span>
        {data.accepting && data.signedIn && !entry.hidden && !entry.mine ? (
          entry.supportedByMe ? (
            <span>{t('thread.youSupport')}</span>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="support" />
              <input type="hidden" name="contributionId" value={entry.id} />
              <button type="submit" className="secondary small">
                {t('thread.support')}
              </button>
            </Form>
          )
        ) : null}
      </div>
      {entry.editable ? (
        <details open={Boolean(errorsFor('edit'))}>
          <summary>{t('thread.edit', { minutes: EDIT_WINDOW_MINUTES })}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="contributionId" value={entry.id} />
            <TextAreaField
              name="body"
              label={t('thread.editLabel')}
              rows={3}
              defaultValue={valuesFor('edit')?.body ?? entry.body ?? ''}
              error={errorsFor('edit')?.body ?? errorsFor('edit')?.form}
              lang={entry.language}
            />
            <button type="submit" className="secondary">
              {t('thread.saveEdit')}
            </button>
          </Form>
        </details>
      ) : null}
      {data.signedIn && !entry.hidden && !entry.mine ? (
        <details open={Boolean(errorsFor('report'))}>
          <summary>{t('thread.report')}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="report" />
            <input type="hidden" name="contributionId" value={entry.id} />
            <TextAreaField
              name="reason"
              label={t('thread.reportReason')}
              rows={2}
              defaultValue={valuesFor('report')?.reason}
              error={errorsFor('report')?.reason}
            />
            <button type="submit" className="secondary">
              {t('thread.sendReport')}
            </button>
          </Form>
        </details>
      ) : null}
      {data.canModerate && !entry.hidden ? (
        <details open={Boolean(errorsFor('hide'))}>
          <summary>{t('thread.hide')}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="hide" />
            <input type="hidden" name="contributionId" value={entry.id} />
            <TextAreaField
              name="reason"
              label={t('thread.hideReason')}
              hint={t('thread.hideHint')}
              rows={2}
              defaultValue={valuesFor('hide')?.reason}
              error={errorsFor('hide')?.reason}
            />
            <button type="submit" className="danger">
              {t('thread.hideSubmit')}
            </button>
          </Form>
        </details>
      ) : null}
    </article>
  )
}

export default function ThreadPage() {
  const { t, i18n } = useTranslation('consultations')
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const done = params.get('done')
  const { paragraph } = data
  const body = paragraph.body_i18n ? pickText(paragraph.body_i18n, i18n.language) : null
  const heading = paragraph.heading_i18n ? pickText(paragraph.heading_i18n, i18n.language) : null
  const topFailed = actionData?.intent === 'comment' && !actionData.contributionId ? actionData : undefined
  const replyFailed = (id: string) =>
    actionData?.intent === 'comment' && actionData.contributionId === id ? actionData : undefined
  return (
    <div className="page">
      <BackToConsultation consultation={data.consultation} />
      <h1>
        {paragraph.ref ? t('thread.headingParagraph', { ref: paragraph.ref }) : t('thread.headingGeneral')}
      </h1>
      {heading?.text ? (
        <p lang={heading.lang} className="muted">
          {heading.text}
        </p>
      ) : null}
      {body ? (
        <blockquote className="quoted-paragraph pre-wrap" lang={body.lang}>
          {body.text}
        </blockquote>
      ) : null}
      {done ? (
        <p className="notice notice--ok" role="status">
          {t(`thread.done.${done}`)}
        </p>
      ) : null}
      {actionData?.fieldErrors.form && !actionData.contributionId ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${actionData.fieldErrors.form}`)}
        </p>
      ) : null}

      <section aria-labelledby="thread" className="stack">
        <h2 id="thread">{t('thread.count', { n: data.totalThreads })}</h2>
        {data.threads.length === 0 ? <p>{t('thread.empty')}</p> : null}
        <ol className="stack thread-list">
          {data.threads.map((entry) => (
            <li key={entry.id} className="card stack">
              <Contribution entry={entry} data={data} actionData={actionData} />
              {entry.replies.length ? (
                <ol className="stack replies" aria-label={t('thread.repliesTo', { name: entry.author_name })}>
                  {entry.replies.map((reply) => (
                    <li key={reply.id}>
                      <Contribution entry={reply} data={data} actionData={actionData} />
                    </li>
                  ))}
                </ol>
              ) : null}
              {data.accepting && data.signedIn ? (
                <details open={Boolean(replyFailed(entry.id))}>
                  <summary>{t('thread.reply')}</summary>
                  <Form method="post" className="stack">
                    <input type="hidden" name="intent" value="comment" />
                    <input type="hidden" name="parentId" value={entry.id} />
                    <TextAreaField
                      name="body"
                      label={t('thread.replyLabel', { name: entry.author_name })}
                      rows={3}
                      defaultValue={replyFailed(entry.id)?.values.body}
                      error={
                        replyFailed(entry.id)?.fieldErrors.body ?? replyFailed(entry.id)?.fieldErrors.form
                      }
                    />
                    <LanguageSelect
                      defaultValue={replyFailed(entry.id)?.values.language ?? i18n.language}
                      error={replyFailed(entry.id)?.fieldErrors.language}
                    />
                    <button type="submit" className="secondary">
                      {t('thread.sendReply')}
                    </button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
        <Pager page={data.page} hasMore={data.hasMore} />
      </section>

      {data.accepting ? (
        data.signedIn ? (
          <section aria-labelledby="new-comment" className="stack card">
            <h2 id="new-comment">
              {paragraph.ref ? t('thread.newOnParagraph', { ref: paragraph.ref }) : t('thread.newGeneral')}
            </h2>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="comment" />
              <TextAreaField
                name="body"
                label={t('thread.yourComment')}
                hint={t('thread.plainText')}
                rows={5}
                defaultValue={topFailed?.values.body}
                error={topFailed?.fieldErrors.body}
              />
              <LanguageSelect
                defaultValue={topFailed?.values.language ?? i18n.language}
                error={topFailed?.fieldErrors.language}
              />
              <button type="submit">{t('thread.send')}</button>
            </Form>
          </section>
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
