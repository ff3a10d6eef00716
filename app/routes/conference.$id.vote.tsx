import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import {
  castPriorityVote,
  getEdition,
  isDelegate,
  votableProposals,
  votesOfDelegate,
} from '../conference/conference.server'
import { AxisName, BackToEdition } from '../conference/view'
import { getDb } from '../lib/db.server'
import { readForm } from '../lib/request.server'
import { PriorityVoteSchema } from '../conference/schemas.server'

export const handle = { i18n: ['conference', 'reference'], title: 'conference:vote.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = (await requirePermission(request, 'conference.vote'))!
  const db = getDb()
  const found = await getEdition(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const [delegate, proposals, mine] = await Promise.all([
    isDelegate(db, found.edition.id, user.id),
    votableProposals(db, found.edition.id),
    votesOfDelegate(db, found.edition.id, user.id),
  ])
  return json({
    edition: {
      id: found.edition.id,
      title_i18n: found.edition.title_i18n,
      phase: found.edition.phase,
      votes_per_axis: found.edition.votes_per_axis,
    },
    axes: found.axes,
    delegate,
    proposals: found.edition.phase === 'delegates_vote' ? proposals : [],
    mine,
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'conference.vote'))!
  const parsed = PriorityVoteSchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) return json({ error: 'not_votable' as const }, { status: 400 })
  const result = await castPriorityVote(getDb(), {
    userId: user.id,
    editionId: params.id ?? '',
    proposalId: parsed.data.proposalId,
  })
  if (!result.ok)
    return json({ error: result.error }, { status: result.error === 'not_a_delegate' ? 403 : 409 })
  return redirect(`/conference/${params.id}/vote?done=1#p-${parsed.data.proposalId}`)
}

export default function DelegateVote() {
  const { t } = useTranslation(['conference', 'reference'])
  const { edition, axes, delegate, proposals, mine } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <div className="page">
      <BackToEdition edition={edition} />
      <h1>{t('vote.title')}</h1>
      {actionData?.error ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${actionData.error}`)}
        </p>
      ) : null}
      {params.get('done') ? (
        <p className="notice notice--ok" role="status">
          {t('vote.recorded')}
        </p>
      ) : null}
      {!delegate ? (
        <p className="notice">{t('errors.not_a_delegate')}</p>
      ) : edition.phase !== 'delegates_vote' ? (
        <p className="notice">{t('errors.wrong_phase')}</p>
      ) : (
        <>
          <p>{t('vote.intro', { n: edition.votes_per_axis })}</p>
          {axes.map((axis) => {
            const list = proposals.filter((p) => p.axis_id === axis.id)
            if (!list.length) return null
            const used = list.filter((p) => mine.includes(p.id)).length
            return (
              <section key={axis.id} aria-labelledby={`axis-${axis.id}`} className="stack">
                <h2 id={`axis-${axis.id}`}>
                  <AxisName axis={axis} />
                </h2>
                <p>{t('vote.used', { used: String(used), n: String(edition.votes_per_axis) })}</p>
                <ul className="stack">
                  {list.map((p) => (
                    <li key={p.id} id={`p-${p.id}`} className="card stack">
                      <h3 className="h3" lang={p.language}>
                        <Link to={`/conference/${edition.id}/proposals/${p.id}`}>{p.title}</Link>
                      </h3>
                      {mine.includes(p.id) ? (
                        <p className="notice notice--ok">{t('vote.approved')}</p>
                      ) : used < edition.votes_per_axis ? (
                        <Form method="post">
                          <input type="hidden" name="proposalId" value={p.id} />
                          <button type="submit">
                            {t('vote.approve')}
                            <span className="visually-hidden">{`: ${p.title}`}</span>
                          </button>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </section>
            )
          })}
        </>
      )}
    </div>
  )
}
