import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { accreditDelegate, preparatoryConferences, registerPreparatory } from '../conference/delegates.server'
import { advanceConferencePhase, getEdition } from '../conference/editions.server'
import { conferenceFigures } from '../conference/report.server'
import { acceptsAccreditation, acceptsPreparatory, nextConferencePhase } from '../conference/rules'
import { AccreditSchema, AdvanceSchema, MergeSchema, PreparatorySchema } from '../conference/schemas.server'
import { AccreditForm, MergeForm, PreparatoryForm } from '../conference/staff-view'
import { mergeableProposals, mergeProposals } from '../conference/systematisation.server'
import { ConferencePhaseBadge, ConferenceTimeline, useConferenceFailure } from '../conference/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton } from '../ui/action-feedback'
import { Arrow } from '../ui/icons'

export const handle = { i18n: ['conference', 'reference'], title: 'conference:manage.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.manage')
  const db = getDb()
  const found = await getEdition(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const [figures, preparatory, mergeable] = await Promise.all([
    conferenceFigures(db, found.edition.id),
    preparatoryConferences(db, found.edition.id),
    mergeableProposals(db, found.edition.id),
  ])
  return json({
    edition: found.edition,
    axes: found.axes,
    next: nextConferencePhase(found.edition.phase),
    figures,
    preparatory: preparatory.map((p) => ({
      id: p.id,
      name: p.name,
      delegates: p.delegates,
      delegate_quota: p.delegate_quota,
    })),
    mergeable,
  })
}

const DONE = ['phase', 'preparatory', 'accredited'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const editionId = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'conference.manage',
    back: `/staff/conference/${editionId}`,
    done: DONE,
    intents: {
      advance: intent({
        permission: 'conference.manage',
        schema: AdvanceSchema,
        run: ({ db, user, data }) =>
          advanceConferencePhase(db, { actorUserId: user.id, editionId, to: data.to }),
        done: 'phase',
      }),
      preparatory: intent({
        permission: 'conference.manage',
        schema: PreparatorySchema,
        run: ({ db, user, data }) => registerPreparatory(db, { actorUserId: user.id, editionId, ...data }),
        done: 'preparatory',
      }),
      accredit: intent({
        permission: 'conference.manage',
        schema: AccreditSchema,
        run: ({ db, user, data }) => accreditDelegate(db, { actorUserId: user.id, editionId, ...data }),
        done: 'accredited',
      }),
      merge: intent({
        permission: 'conference.manage',
        schema: MergeSchema,
        shape: { lists: ['proposalIds'] },
        run: ({ db, user, data }) => mergeProposals(db, { actorUserId: user.id, editionId, ...data }),
        redirectTo: (merged) => `/conference/${editionId}/proposals/${merged.id}?done=merged`,
      }),
    },
  })
}

export default function ManageConference() {
  const { t } = useTranslation(['conference', 'reference'])
  const { edition, axes, next, figures, preparatory, mergeable } = useLoaderData<typeof loader>()
  const failedFor = useConferenceFailure()
  const refusal = failedFor()?.refusal
  return (
    <div className="page">
      <p>
        <Link to="/staff/conference">
          <Arrow kind="back" /> {t('staff.title')}
        </Link>
      </p>
      <Localised as="h1" json={edition.title_i18n} />
      <p>
        <ConferencePhaseBadge phase={edition.phase} /> ·{' '}
        <Link to={`/conference/${edition.id}`}>{t('manage.publicPage')}</Link>
      </p>
      <DoneNotice keys={DONE} message={(k) => t(`manage.done.${k}`)} />
      {refusal ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${refusal}`)}
        </p>
      ) : null}

      <section aria-labelledby="phase" className="stack">
        <h2 id="phase">{t('manage.phase')}</h2>
        <ConferenceTimeline phase={edition.phase} />
        <p>
          {t('manage.figures', {
            originals: String(figures.originals),
            delegates: String(figures.delegates),
            preparatory: String(figures.preparatory),
          })}
        </p>
        {next ? (
          <Form method="post" className="stack card">
            <input type="hidden" name="to" value={next} />
            <p>{t(`manage.effects.${next}`)}</p>
            <SubmitButton intent="advance">
              {t('manage.advance', { phase: t(`phases.${next}`) })}
            </SubmitButton>
          </Form>
        ) : null}
      </section>

      {edition.phase === 'systematisation' ? (
        <MergeForm axes={axes} mergeable={mergeable} failed={failedFor('merge')} />
      ) : null}
      {acceptsAccreditation(edition.phase) ? (
        <AccreditForm preparatory={preparatory} failed={failedFor('accredit')} />
      ) : null}
      {acceptsPreparatory(edition.phase) ? (
        <PreparatoryForm defaultQuota={edition.delegate_quota} failed={failedFor('preparatory')} />
      ) : null}
    </div>
  )
}
