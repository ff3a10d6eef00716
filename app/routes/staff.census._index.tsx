import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { getCurrentCycle, saveCurrentCycle } from '../registration/cycles.server'
import { unresolvedDuplicateCount } from '../registration/duplicate-review.server'
import { CycleSchema } from '../registration/schemas.server'
import { CycleRulesFields } from '../registration/cycle-fields'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['registration'], title: 'registration:cycle.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'census.configure')
  const cycle = await getCurrentCycle(getDb())
  const canReviewDuplicates = can(toActor(user), 'registration.reviewDuplicates')
  return json({
    cycle,
    canExport: can(toActor(user), 'census.export'),
    duplicates: cycle && canReviewDuplicates ? await unresolvedDuplicateCount(getDb(), cycle.id) : null,
  })
}

const DONE = ['saved'] as const

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'census.configure',
    back: '/staff/census',
    done: DONE,
    handler: intent({
      permission: 'census.configure',
      schema: CycleSchema,
      run: ({ db, user, data }) => saveCurrentCycle(db, { actorUserId: user.id, ...data }),
      done: 'saved',
    }),
  })
}

export default function CensusSettings() {
  const { t } = useTranslation('registration')
  const { cycle, canExport, duplicates } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  const v = failed?.values ?? {
    name: cycle?.name ?? '',
    electionDay: cycle?.election_day ?? '',
    minVoterAge: String(cycle?.min_voter_age ?? 16),
    minCandidateAge: String(cycle?.min_candidate_age ?? 18),
    proofOfResidenceRequired: cycle?.proof_of_residence_required ? 'yes' : '',
    documentRetentionDays: String(cycle?.document_retention_days ?? 30),
  }
  return (
    <div className="page">
      <h1>{t('cycle.title')}</h1>
      <p>{t('cycle.intro')}</p>
      {duplicates !== null ? (
        <p>
          <Link to="/staff/registrations/duplicates">{t('duplicates.link', { count: duplicates })}</Link>
        </p>
      ) : null}
      <DoneNotice keys={DONE} message={() => t('cycle.saved')} />
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <CycleRulesFields values={v} errors={errors} />
        <SubmitButton>{t('cycle.save')}</SubmitButton>
      </Form>
      {canExport ? (
        <>
          <h2>{t('cycle.exportTitle')}</h2>
          <p>{t('cycle.exportIntro')}</p>
          <p>
            <a className="button secondary" href="/staff/census/export.csv" download>
              {t('cycle.export')}
            </a>
          </p>
        </>
      ) : null}
    </div>
  )
}
