import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import {
  commentOnProposal,
  decideProposal,
  getEdition,
  getProposal,
  supportProposal,
} from '../conference/conference.server'
import { CommentSchema, DecisionSchema } from '../conference/schemas.server'
import { AxisName, BackToEdition } from '../conference/view'
import { getDb } from '../lib/db.server'
import { outcomesOfProposal } from '../plan/trace.server'
import { TargetName } from '../consultations/view'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { TextAreaField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['conference', 'reference', 'consultations'],
  title: 'conference:proposal.title',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  const db = getDb()
  const found = await getProposal(db, params.proposalId ?? '')
  if (!found || found.proposal.edition_id !== params.id) throw new Response('Not found', { status: 404 })
  const edition = (await getEdition(db, found.proposal.edition_id))!
  const user = await getActor(request, db)
  const supported = user
    ? Boolean(
        await db
          .selectFrom('proposal_supports')
          .select('user_id')
          .where('proposal_id', '=', found.proposal.id)
          .where('user_id', '=', user.id)
          .executeTakeFirst(),
      )
    : false
  const { search_text: _s, author_user_id: _a, ...proposal } = found.proposal
  return json({
    ...found,
    proposal,
    edition: { id: edition.edition.id, title_i18n: edition.edition.title_i18n, phase: edition.edition.phase },
    axis: edition.axes.find((a) => a.id === proposal.axis_id),
    signedIn: Boolean(user),
    supported,
    outcomes: await outcomesOfProposal(db, found.proposal.id),
    canSystematise:
      can(toActor(user), 'conference.manage') &&
      edition.edition.phase === 'systematisation' &&
      proposal.status !== 'merged',
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const db = getDb()
  const proposalId = params.proposalId ?? ''
  const back = (done: string) => redirect(`/conference/${params.id}/proposals/${proposalId}?done=${done}`)
  if (intent === 'support') {
    const user = (await requirePermission(request, 'conference.support'))!
    const result = await supportProposal(db, { userId: user.id, proposalId })
    return result.ok
      ? back('supported')
      : json({ ...failure({ form: result.error }, formData), intent }, { status: 409 })
  }
  if (intent === 'comment') {
    const user = (await requirePermission(request, 'conference.comment'))!
    const parsed = parseForm(CommentSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await commentOnProposal(db, {
      userId: user.id,
      authorName: user.displayName,
      proposalId,
      body: parsed.data.body,
    })
    return result.ok
      ? back('commented')
      : json(
          { ...failure({ form: result.error }, formData), intent },
          { status: result.error === 'rate_limited' ? 429 : 409 },
        )
  }
  const actor = (await requirePermission(request, 'conference.manage'))!
  const parsed = parseForm(DecisionSchema, formData)
  if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
  const result = await decideProposal(db, { actorUserId: actor.id, proposalId, decision: parsed.data })
  return result.ok
    ? back(parsed.data.intent)
    : json({ ...failure({ form: result.error }, formData), intent }, { status: 409 })
}

export default function ProposalPage() {
  const { t, i18n } = useTranslation(['conference', 'reference'])
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { proposal: p, edition } = data
  const errors = actionData?.fieldErrors
  const v = actionData?.values ?? {}
  const errorsFor = (intent: string) => (actionData?.intent === intent ? errors : undefined)
  const done = params.get('done')
  const debateOpen = edition.phase === 'proposals_open' || edition.phase === 'systematisation'
  const base = `/conference/${edition.id}/proposals`
  return (
    <div className="page">
      <BackToEdition edition={edition} />
      {done ? (
        <p className="notice notice--ok" role="status">
          {t(`proposal.done.${done}`)}
        </p>
      ) : null}
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errors.form}`)}
        </p>
      ) : null}
      <article className="stack" lang={p.language}>
        <h1>{p.title}</h1>
        <p lang={i18n.language}>
          <span className={`status-badge status-badge--${p.status}`}>{t(`statuses.${p.status}`)}</span> ·{' '}
          <AxisName axis={data.axis} /> · {t(`origins.${p.origin}`)}
          {p.preparatory_name ? ` — ${p.preparatory_name}` : ''}
        </p>
        <p className="pre-wrap">{p.body}</p>
        {p.justification ? (
          <>
            <h2 lang={i18n.language}>{t('proposal.justification')}</h2>
            <p className="pre-wrap">{p.justification}</p>
          </>
        ) : null}
      </article>
      <dl className="summary-list">
        <dt>{t('proposal.author')}</dt>
        <dd>{p.author_name ?? p.preparatory_name ?? t('proposal.secretariat')}</dd>
        {p.coauthors ? (
          <>
            <dt>{t('proposal.coauthors')}</dt>
            <dd>{p.coauthors}</dd>
          </>
        ) : null}
        <dt>{t('proposal.submitted')}</dt>
        <dd>
          <DateTime iso={p.created_at} language={i18n.language} />
        </dd>
        <dt>{t('proposal.supports')}</dt>
        <dd>{data.supports}</dd>
      </dl>
      {p.rejection_reason ? (
        <p className="notice">{t('proposal.rejectedBecause', { reason: p.rejection_reason })}</p>
      ) : null}
      {data.mergedInto ? (
        <p className="notice">
          {t('proposal.mergedInto')} <Link to={`${base}/${data.mergedInto.id}`}>{data.mergedInto.title}</Link>
        </p>
      ) : null}
      {data.outcomes.length ? (
        <section aria-labelledby="became">
          <h2 id="became">{t('proposal.became')}</h2>
          <ul>
            {data.outcomes.map((o) => (
              <li key={o.action_id ?? o.campaign_id}>
                <TargetName target={o} />
                {o.note ? ` — ${o.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.originals.length ? (
        <section aria-labelledby="originals">
          <h2 id="originals">{t('proposal.originals', { n: data.allOrigins })}</h2>
          <ul>
            {data.originals.map((o) => (
              <li key={o.id}>
                <Link to={`${base}/${o.id}`}>{o.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {debateOpen && p.status !== 'merged' ? (
        data.supported ? (
          <p>{t('proposal.youSupport')}</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="support" />
            <button type="submit" className="secondary">
              {t('proposal.support')}
            </button>
          </Form>
        )
      ) : null}

      <section aria-labelledby="comments" className="stack">
        <h2 id="comments">{t('proposal.comments', { n: data.comments.length })}</h2>
        <ul className="stack comment-list">
          {data.comments.map((c) => (
            <li key={c.id} className="card">
              <p>
                <strong>{c.author_name}</strong> · <DateTime iso={c.created_at} language={i18n.language} />
              </p>
              <p className="pre-wrap">{c.body}</p>
            </li>
          ))}
        </ul>
        {debateOpen ? (
          data.signedIn ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="comment" />
              <TextAreaField
                name="body"
                label={t('proposal.yourComment')}
                rows={3}
                defaultValue={actionData?.intent === 'comment' ? v.body : undefined}
                error={errorsFor('comment')?.body}
              />
              <button type="submit">{t('proposal.comment')}</button>
            </Form>
          ) : (
            <p>
              <Link to={`/login?redirectTo=${encodeURIComponent(`${base}/${p.id}`)}`}>
                {t('proposal.loginToComment')}
              </Link>
            </p>
          )
        ) : null}
      </section>

      {data.canSystematise ? (
        <section aria-labelledby="systematise" className="stack card">
          <h2 id="systematise">{t('systematise.title')}</h2>
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="keep" />
              <button type="submit" className="secondary">
                {t('systematise.keep')}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="motion" />
              <button type="submit" className="secondary">
                {t('systematise.motion')}
              </button>
            </Form>
          </div>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="edit" />
            <TextField
              name="title"
              label={t('propose.titleField')}
              defaultValue={actionData?.intent === 'edit' ? v.title : p.title}
              error={errorsFor('edit')?.title}
            />
            <TextAreaField
              name="body"
              label={t('propose.body')}
              rows={5}
              defaultValue={actionData?.intent === 'edit' ? v.body : p.body}
              error={errorsFor('edit')?.body}
            />
            <TextAreaField
              name="justification"
              label={t('propose.justification')}
              rows={3}
              defaultValue={actionData?.intent === 'edit' ? v.justification : (p.justification ?? '')}
            />
            <button type="submit" className="secondary">
              {t('systematise.edit')}
            </button>
          </Form>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="reject" />
            <TextAreaField
              name="reason"
              label={t('systematise.reason')}
              rows={2}
              defaultValue={actionData?.intent === 'reject' ? v.reason : undefined}
              error={errorsFor('reject')?.reason}
            />
            <button type="submit" className="danger">
              {t('systematise.reject')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
