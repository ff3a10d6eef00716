import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser } from '../auth/guards.server'
import { isDelegate } from '../conference/delegates.server'
import { getEdition } from '../conference/editions.server'
import { castPriorityVote, votableProposals, votesOfDelegate } from '../conference/priority-vote.server'
import { PriorityVoteSchema } from '../conference/schemas.server'
import { AxisName, BackToEdition } from '../conference/view'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { Localised } from '../ui/localised'
import { pickText } from '../i18n/content'

export const handle = { i18n: ['conference', 'reference'], title: 'conference:vote.title', hydrate: false }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'conference.vote')
  const db = getDb()
  const found = await getEdition(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const mineOf = { editionId: found.edition.id, userId: user.id }
  const [delegate, proposals, mine] = await Promise.all([
    isDelegate(db, mineOf),
    votableProposals(db, found.edition.id),
    votesOfDelegate(db, mineOf),
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

const DONE = ['recorded'] as const

export async function action(args: ActionFunctionArgs) {
  const editionId = args.params.id ?? ''
  return formAction(args, {
    permission: 'conference.vote',
    back: `/conference/${editionId}/vote`,
    done: DONE,
    handler: intent({
      permission: 'conference.vote',
      schema: PriorityVoteSchema,
      run: ({ db, user, data }) => castPriorityVote(db, { userId: user.id, editionId, ...data }),
      done: 'recorded',
      suffix: (data) => `#p-${data.proposalId}`,
    }),
  })
}

export default function DelegateVote() {
  const { t, i18n } = useTranslation(['conference', 'reference'])
  const { edition, axes, delegate, proposals, mine } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  // A malformed post names no proposal that could be voted for.
  const error = failed ? (failed.fieldErrors.form ?? 'not_votable') : undefined
  return (
    <div className="page">
      <BackToEdition edition={edition} />
      <h1>{t('vote.title')}</h1>
      {error ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      <DoneNotice keys={DONE} message={(k) => t(`vote.${k}`)} />
      {!delegate ? (
        <p className="notice">{t('errors.not_a_delegate')}</p>
      ) : edition.phase !== 'delegates_vote' ? (
        <p className="notice">{t('errors.wrong_phase')}</p>
      ) : (
        <>
          <p>{t('vote.intro', { count: edition.votes_per_axis })}</p>
          {axes.map((axis) => {
            const list = proposals.filter((p) => p.axis_id === axis.id)
            if (!list.length) return null
            const used = list.filter((p) => mine.includes(p.id)).length
            return (
              <section key={axis.id} aria-labelledby={`axis-${axis.id}`} className="stack">
                <h2 id={`axis-${axis.id}`}>
                  <AxisName axis={axis} />
                </h2>
                <p>{t('vote.used', { used, count: edition.votes_per_axis })}</p>
                <ul className="stack">
                  {list.map((p) => (
                    <li key={p.id} id={`p-${p.id}`} className="card stack">
                      <h3 className="h3">
                        <Link to={`/conference/${edition.id}/proposals/${p.id}`}>
                          <Localised json={p.title_i18n} />
                        </Link>
                      </h3>
                      {mine.includes(p.id) ? (
                        <p className="notice notice--ok">{t('vote.approved')}</p>
                      ) : used < edition.votes_per_axis ? (
                        <Form method="post">
                          <input type="hidden" name="proposalId" value={p.id} />
                          <SubmitButton>
                            {t('vote.approve')}
                            <span className="visually-hidden">{`: ${pickText(p.title_i18n, i18n.language).text}`}</span>
                          </SubmitButton>
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
