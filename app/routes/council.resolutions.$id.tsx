import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getResolution, setGazetteReference, setResolutionSummary } from '../council/resolutions.server'
import { GazetteSchema, SUMMARY_FIELDS, SummarySchema } from '../council/schemas.server'
import { SummaryFields, TitleLink } from '../council/view'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { TextField } from '../ui/form'
import { isolate, Localised } from '../ui/localised'
import { storedOrPlain } from '../i18n/original-text'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['council'],
  title: 'council:resolution.title',
  // The secretariat's gazette and summary forms keep the pending indicators (ADR 038); readers get the page without scripts.
  hydrate: (data: SerializeFrom<typeof loader> | undefined) => Boolean(data?.canManage),
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'council.view')
  const r = await getResolution(getDb(), params.id ?? '')
  if (!r) throw new Response('Not found', { status: 404 })
  return json({ r, canManage: can(toActor(user), 'council.manage') })
}

const DONE = ['created', 'gazette', 'summary'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const resolutionId = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'council.manage',
    back: `/council/resolutions/${resolutionId}`,
    done: DONE,
    intents: {
      gazette: intent({
        permission: 'council.manage',
        schema: GazetteSchema,
        run: ({ db, user, data }) =>
          setGazetteReference(db, { actorUserId: user.id, resolutionId, reference: data.reference }),
        done: 'gazette',
      }),
      summary: intent({
        permission: 'council.manage',
        schema: SummarySchema,
        shape: SUMMARY_FIELDS,
        run: ({ db, user, data }) =>
          setResolutionSummary(db, { actorUserId: user.id, resolutionId, summary: data.summary }),
        done: 'summary',
      }),
    },
  })
}

export default function ResolutionPage() {
  const { t, i18n } = useTranslation('council')
  const { r, canManage } = useLoaderData<typeof loader>()
  const failedGazette = useActionFailure()('gazette')
  return (
    <div className="page report">
      <p className="breadcrumb no-print">
        <TitleLink
          to={`/council/meetings/${r.meeting_id}`}
          row={{ title: r.meeting_title, title_i18n: r.meeting_title_i18n }}
        />
      </p>
      <h1>
        {t('resolution.heading', { code: isolate(r.code) })}:{' '}
        <Localised json={storedOrPlain(r.title_i18n, r.title)} />
      </h1>
      <DoneNotice className="no-print" keys={DONE} message={(done) => t(`resolution.done.${done}`)} />
      <p>
        <Localised json={r.body_name_i18n} /> ·{' '}
        <DateTime iso={r.starts_at} language={i18n.language} dateOnly /> ·{' '}
        {t('meeting.votesShort', {
          yes: r.votes_yes ?? 0,
          no: r.votes_no ?? 0,
          abstain: r.votes_abstain ?? 0,
        })}
      </p>
      <p>
        {r.gazette_reference
          ? t('resolution.publishedIn', { reference: isolate(r.gazette_reference) })
          : t('resolution.notYetInGazette')}
      </p>
      {r.summary_i18n ? (
        <section aria-labelledby="summary">
          <h2 id="summary">{t('minutes.summary')}</h2>
          <Localised as="p" json={r.summary_i18n} />
        </section>
      ) : null}
      <section aria-labelledby="official">
        <h2 id="official">{t('resolution.official')}</h2>
        <p className="pre-wrap" lang="pt-BR" dir="ltr">
          {r.body}
        </p>
      </section>
      {canManage ? (
        <div className="stack no-print">
          <Form method="post" className="inline-form">
            <TextField
              name="reference"
              label={t('resolution.gazette')}
              defaultValue={failedGazette?.values.reference ?? r.gazette_reference ?? ''}
              error={failedGazette?.fieldErrors.reference}
            />
            <SubmitButton intent="gazette" className="secondary">
              {t('resolution.saveGazette')}
            </SubmitButton>
          </Form>
          <Form method="post" className="stack card">
            <SummaryFields
              current={r.summary_i18n ? (JSON.parse(r.summary_i18n) as Record<string, string>) : {}}
            />
            <SubmitButton intent="summary" className="secondary">
              {t('resolution.saveSummary')}
            </SubmitButton>
          </Form>
        </div>
      ) : null}
    </div>
  )
}
