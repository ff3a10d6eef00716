import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { directionOf } from '../i18n/config'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../ui/format'
import { getActor, requirePermission, toActor } from '../auth/guards.server'
import type { SessionUser } from '../auth/session.server'
import { can } from '../auth/permissions'
import { getEdition } from '../conference/editions.server'
import { ProposalComments, ProposalLineage, SystematiseForms } from '../conference/proposal-view'
import { commentOnProposal, getProposal, hasSupported, supportProposal } from '../conference/proposals.server'
import { isDebateOpen, isSystematisable } from '../conference/rules'
import { CommentSchema, DecisionSchema } from '../conference/schemas.server'
import { decideProposal, type Decision } from '../conference/systematisation.server'
import { AxisName, BackToEdition } from '../conference/view'
import { getDb, type DB } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { outcomesOfProposal } from '../plan/trace.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { DateTime } from '../ui/time'
import { isolate, Localised } from '../ui/localised'

export const handle = {
  i18n: ['conference', 'reference', 'consultations'],
  title: 'conference:proposal.title',
  // The secretariat's systematisation forms keep the pending indicators (ADR 038); readers,
  // supporters and commenters (plain forms) get the page without scripts.
  hydrate: (data: SerializeFrom<typeof loader> | undefined) => Boolean(data?.canSystematise),
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  const db = getDb()
  const found = await getProposal(db, params.proposalId ?? '')
  if (!found || found.proposal.edition_id !== params.id) throw new Response('Not found', { status: 404 })
  const { proposal } = found
  const edition = (await getEdition(db, proposal.edition_id))!
  const user = await getActor(request, db)
  return json({
    ...found,
    edition: { id: edition.edition.id, title_i18n: edition.edition.title_i18n, phase: edition.edition.phase },
    axis: edition.axes.find((a) => a.id === proposal.axis_id),
    signedIn: Boolean(user),
    supported: user ? await hasSupported(db, { userId: user.id, proposalId: proposal.id }) : false,
    outcomes: await outcomesOfProposal(db, proposal.id),
    canSystematise:
      can(toActor(user), 'conference.manage') && isSystematisable(edition.edition.phase, proposal.status),
  })
}

// Proposals of other pages land here too: a new one ('submitted') and a consolidation ('merged').
const DONE = ['submitted', 'merged', 'supported', 'commented', 'reject', 'motion', 'keep', 'edit'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const proposalId = args.params.proposalId ?? ''
  const decide = ({ db, user, data }: { db: DB; user: SessionUser; data: Decision }) =>
    decideProposal(db, { actorUserId: user.id, proposalId, decision: data })
  return formAction<Done>(args, {
    back: `/conference/${args.params.id}/proposals/${proposalId}`,
    done: DONE,
    intents: {
      support: intent({
        permission: 'conference.support',
        run: ({ db, user }) => supportProposal(db, { userId: user.id, proposalId }),
        done: 'supported',
      }),
      comment: intent({
        permission: 'conference.comment',
        schema: CommentSchema,
        run: ({ db, user, data }) =>
          commentOnProposal(db, {
            userId: user.id,
            authorName: user.displayName,
            proposalId,
            body: data.body,
          }),
        done: 'commented',
      }),
      keep: intent({ permission: 'conference.manage', schema: DecisionSchema, run: decide, done: 'keep' }),
      motion: intent({
        permission: 'conference.manage',
        schema: DecisionSchema,
        run: decide,
        done: 'motion',
      }),
      edit: intent({ permission: 'conference.manage', schema: DecisionSchema, run: decide, done: 'edit' }),
      reject: intent({
        permission: 'conference.manage',
        schema: DecisionSchema,
        run: decide,
        done: 'reject',
      }),
    },
  })
}

export default function ProposalPage() {
  const { t, i18n } = useTranslation(['conference', 'reference'])
  const data = useLoaderData<typeof loader>()
  const formError = useActionFailure()()?.fieldErrors.form
  const { proposal: p, edition } = data
  const debateOpen = isDebateOpen(edition.phase)
  const base = `/conference/${edition.id}/proposals`
  return (
    <div className="page">
      <BackToEdition edition={edition} />
      <DoneNotice keys={DONE} message={(k) => t(`proposal.done.${k}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      ) : null}
      <article className="stack">
        <Localised as="h1" json={p.title_i18n} />
        <p lang={i18n.language} dir={directionOf(i18n.language)}>
          <span className={`status-badge status-badge--${p.status}`}>{t(`statuses.${p.status}`)}</span> ·{' '}
          <AxisName axis={data.axis} /> · {t(`origins.${p.origin}`)}
          {p.preparatory_name ? ` — ${p.preparatory_name}` : ''}
        </p>
        <Localised as="p" className="pre-wrap" json={p.body_i18n} />
        {p.justification ? (
          <>
            <h2>{t('proposal.justification')}</h2>
            <Localised as="p" className="pre-wrap" json={p.justification_i18n} />
          </>
        ) : null}
      </article>
      <dl className="summary-list">
        <dt>{t('proposal.author')}</dt>
        <dd>
          <bdi>{p.author_name ?? p.preparatory_name ?? t('proposal.secretariat')}</bdi>
        </dd>
        {p.coauthors ? (
          <>
            <dt>{t('proposal.coauthors')}</dt>
            <dd dir="auto">{p.coauthors}</dd>
          </>
        ) : null}
        <dt>{t('proposal.submitted')}</dt>
        <dd>
          <DateTime iso={p.created_at} language={i18n.language} />
        </dd>
        <dt>{t('proposal.supports')}</dt>
        <dd>{formatNumber(data.supports, i18n.language)}</dd>
      </dl>
      {p.rejection_reason ? (
        <p className="notice">{t('proposal.rejectedBecause', { reason: isolate(p.rejection_reason) })}</p>
      ) : null}
      <ProposalLineage
        base={base}
        mergedInto={data.mergedInto}
        outcomes={data.outcomes}
        originals={data.originals}
        allOrigins={data.allOrigins}
      />

      {debateOpen && p.status !== 'merged' ? (
        data.supported ? (
          <p>{t('proposal.youSupport')}</p>
        ) : (
          <Form method="post">
            <SubmitButton intent="support" className="secondary">
              {t('proposal.support')}
            </SubmitButton>
          </Form>
        )
      ) : null}

      <ProposalComments
        comments={data.comments}
        debateOpen={debateOpen}
        signedIn={data.signedIn}
        loginTo={`${base}/${p.id}`}
      />

      {data.canSystematise ? <SystematiseForms proposal={p} /> : null}
    </div>
  )
}
