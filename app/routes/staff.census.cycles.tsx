import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import {
  closeCycleAndOpenNext,
  DEFAULT_IDENTITY_RETENTION_DAYS,
  listCycles,
} from '../registration/cycles.server'
import { NextCycleSchema } from '../registration/schemas.server'
import { CycleRulesFields } from '../registration/cycle-fields'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { DateTime } from '../ui/time'

// Census cycles (issue #17): one per election. The secretariat closes the current cycle and opens
// the next; the page says, for each closed cycle, when its identity data will be purged.

export const handle = { i18n: ['registration', 'elections'], title: 'registration:cycles.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermittedUser(request, 'census.closeCycle')
  return json({ cycles: await listCycles(getDb()) })
}

const DONE = ['opened'] as const

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'census.closeCycle',
    back: '/staff/census/cycles',
    done: DONE,
    handler: intent({
      permission: 'census.closeCycle',
      schema: NextCycleSchema,
      run: ({ db, user, data }) => closeCycleAndOpenNext(db, { actorUserId: user.id, ...data }),
      done: 'opened',
    }),
  })
}

export default function CensusCycles() {
  const { t, i18n } = useTranslation(['registration', 'elections'])
  const { cycles } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  const current = cycles.find((c) => c.is_current === 1)
  const v = failed?.values ?? {
    name: '',
    electionDay: '',
    minVoterAge: String(current?.min_voter_age ?? 16),
    minCandidateAge: String(current?.min_candidate_age ?? 18),
    proofOfResidenceRequired: current?.proof_of_residence_required ? 'yes' : '',
    documentRetentionDays: String(current?.document_retention_days ?? 30),
    identityRetentionDays: String(current?.identity_retention_days ?? DEFAULT_IDENTITY_RETENTION_DAYS),
  }
  return (
    <div className="page">
      <h1>{t('cycles.title')}</h1>
      <p>{t('cycles.intro')}</p>
      <DoneNotice keys={DONE} message={() => t('cycles.opened')} />
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`cycles.errors.${errors.form}`, { defaultValue: t('validation:invalid_value') })}
        </p>
      ) : null}
      <ul className="stack" aria-label={t('cycles.title')}>
        {cycles.map((c) => (
          <li key={c.id} className="card stack">
            <h2>
              <bdi>{c.name}</bdi>
            </h2>
            <p>
              {c.is_current ? t('cycles.current') : t('cycles.closed')} · {t('cycles.electionDay')}:{' '}
              <DateTime iso={`${c.election_day}T12:00:00Z`} language={i18n.language} dateOnly /> ·{' '}
              {t('cycles.registrations', { count: c.registrations })}
            </p>
            {c.elections.length ? (
              <ul>
                {c.elections.map((e) => (
                  <li key={e.id}>
                    <Localised json={e.title_i18n} /> — {t(`elections:phases.${e.phase}`)}
                  </li>
                ))}
              </ul>
            ) : null}
            {c.identity_purged_at ? (
              <p>
                {t('cycles.purged')} <DateTime iso={c.identity_purged_at} language={i18n.language} />
              </p>
            ) : c.purgeDueAt ? (
              <p>
                {t('cycles.purgeDue')} <DateTime iso={c.purgeDueAt} language={i18n.language} />
                {c.pendingElections > 0 ? ` ${t('cycles.purgeWaits', { count: c.pendingElections })}` : ''}
              </p>
            ) : (
              <p>{t('cycles.purgeAfterClosing', { days: String(c.identity_retention_days) })}</p>
            )}
          </li>
        ))}
      </ul>

      {current ? (
        <section aria-labelledby="next-cycle" className="stack">
          <h2 id="next-cycle">{t('cycles.next')}</h2>
          <p>{t('cycles.nextIntro')}</p>
          <FormErrorSummary errors={errors} />
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="closingCycleId" value={current?.id ?? ''} />
            <CycleRulesFields values={v} errors={errors} />
            <TextField
              name="identityRetentionDays"
              type="number"
              inputMode="numeric"
              label={t('cycles.identityRetentionDays')}
              hint={t('cycles.identityRetentionHint')}
              defaultValue={v.identityRetentionDays}
              error={errors?.identityRetentionDays}
              required
            />
            <SubmitButton>{t('cycles.closeAndOpen')}</SubmitButton>
          </Form>
        </section>
      ) : (
        <p>{t('cycles.errors.no_open_cycle')}</p>
      )}
    </div>
  )
}
