import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getCurrentSession, requirePermission } from '../auth/guards.server'
import { findTracker, voterTrackers } from '../elections/ballot-trackers.server'
import { verifyTrackingCode } from '../elections/counting.server'
import { TrackerList, groupLabel } from '../elections/trackers-view'
import { getElection } from '../elections/lifecycle.server'
import { boardPublic } from '../elections/phases'
import { BackToElection } from '../elections/view'
import { getDb } from '../lib/db.server'
import { TextField } from '../ui/form'
import { TrackerQuerySchema, VerifyQuerySchema } from '../elections/schemas.server'

export const handle = { i18n: ['elections'], title: 'elections:verify.title' }

// A GET form: checking a code changes nothing, and the page works without JavaScript.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found || found.election.phase === 'draft') throw new Response('Not found', { status: 404 })
  const { code } = VerifyQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const published = boardPublic(found.election.phase)
  const outcome =
    code && published ? await verifyTrackingCode(db, { electionId: found.election.id, code }) : null
  // "Which ballot is mine?" (issue #20): in a verifiable election, the archives are public from
  // the moment voting opens; the signed-in voter sees the trackers signed with their credentials.
  const verifiable = found.election.ballot_format === 'belenios'
  const { tracker } = TrackerQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const lookup =
    verifiable && tracker ? await findTracker(db, { electionId: found.election.id, tracker }) : null
  const session = verifiable ? await getCurrentSession(request, db) : null
  const mine = session
    ? await voterTrackers(db, { electionId: found.election.id, userId: session.user.id })
    : null
  return json({
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    published,
    code: code ?? '',
    outcome,
    verifiable,
    tracker: tracker ?? '',
    lookup: lookup ? (lookup.ok ? lookup.value : { found: 'malformed' as const }) : null,
    mine: mine?.ok ? mine.value : null,
  })
}

export default function Verify() {
  const { t } = useTranslation('elections')
  const { election, published, code, outcome, verifiable, tracker, lookup, mine } =
    useLoaderData<typeof loader>()
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{t('verify.title')}</h1>
      {verifiable ? (
        <>
          {mine ? (
            <section className="card stack" aria-labelledby="mine-heading">
              <h2 id="mine-heading" className="h3">
                {t('encrypt.mineTitle')}
              </h2>
              {mine.some((m) => m.tracker) ? (
                <>
                  <p>{t('encrypt.mineIntro')}</p>
                  <TrackerList trackers={mine} />
                </>
              ) : (
                <p>{t('encrypt.mineNone')}</p>
              )}
            </section>
          ) : null}
          <section className="stack" aria-labelledby="tracker-heading">
            <h2 id="tracker-heading" className="h3">
              {t('encrypt.lookupTitle')}
            </h2>
            <p>{t('encrypt.lookupIntro')}</p>
            <Form method="get" className="stack">
              <TextField
                name="tracker"
                label={t('encrypt.lookupLabel')}
                hint={t('encrypt.lookupHint')}
                defaultValue={tracker}
                autoComplete="off"
                spellCheck={false}
                dir="ltr"
                error={lookup?.found === 'malformed' ? 'invalid_value' : undefined}
              />
              <button type="submit">{t('verify.check')}</button>
            </Form>
            {lookup?.found === true ? (
              <p className="notice notice--ok" role="status">
                {t('encrypt.lookupFound', { group: groupLabel(t, lookup.groupKey) })}
              </p>
            ) : null}
            {lookup?.found === false ? (
              <p className="notice notice--error" role="status">
                {t('encrypt.lookupNotFound')}
              </p>
            ) : null}
          </section>
        </>
      ) : !published ? (
        <p className="notice">{t('verify.notYet')}</p>
      ) : (
        <>
          <p>{t('verify.intro')}</p>
          <Form method="get" className="stack">
            <TextField
              name="code"
              label={t('verify.code')}
              hint={t('verify.codeHint')}
              defaultValue={code}
              autoComplete="off"
              spellCheck={false}
              error={outcome === 'malformed' ? 'invalid_value' : undefined}
            />
            <button type="submit">{t('verify.check')}</button>
          </Form>
          {outcome === 'found' ? (
            <p className="notice notice--ok" role="status">
              {t('verify.found')}
            </p>
          ) : null}
          {outcome === 'not_found' ? (
            <p className="notice notice--error" role="status">
              {t('verify.notFound')}
            </p>
          ) : null}
        </>
      )}
    </div>
  )
}
