import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getCurrentSession, requirePermission } from '../auth/guards.server'
import { voterTrackers } from '../elections/ballot-trackers.server'
import { verifyTrackingCode } from '../elections/counting.server'
import { getElection } from '../elections/lifecycle.server'
import { atLeast, boardPublic } from '../elections/phases'
import { trackerInArchives } from '../elections/verifiable.server'
import { TrackerList } from '../elections/trackers-view'
import { BackToElection } from '../elections/view'
import { getDb } from '../lib/db.server'
import { TextField } from '../ui/form'
import { VerifyQuerySchema } from '../elections/schemas.server'

export const handle = { i18n: ['elections'], title: 'elections:verify.title', hydrate: false }

// A GET form: checking a code changes nothing, and the page works without JavaScript.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found || found.election.phase === 'draft') throw new Response('Not found', { status: 404 })
  const { code } = VerifyQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  // A verifiable election (ADR 034) has no tracking codes: its archives are public from the opening
  // of the vote, and a voter looks their ballot tracker up in them.
  const belenios = found.election.ballot_format === 'belenios'
  const published = belenios
    ? atLeast(found.election.phase, 'voting_open')
    : boardPublic(found.election.phase)
  const outcome =
    code && published
      ? belenios
        ? await trackerInArchives(db, { electionId: found.election.id, tracker: code })
        : await verifyTrackingCode(db, { electionId: found.election.id, code })
      : null
  // "Which ballot is mine?" (ADR 036): the signed-in voter's own trackers, until publication.
  const session = belenios ? await getCurrentSession(request, db) : null
  const mine = session
    ? await voterTrackers(db, { electionId: found.election.id, userId: session.user.id })
    : null
  return json({
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    belenios,
    mine: mine?.ok ? mine.value : null,
    published,
    code: code ?? '',
    outcome,
  })
}

export default function Verify() {
  const { t } = useTranslation('elections')
  const { election, belenios, mine, published, code, outcome } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{t('verify.title')}</h1>
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
      {!published ? (
        <p className="notice">{t('verify.notYet')}</p>
      ) : (
        <>
          <p>{belenios ? t('verifiable.verifyIntro') : t('verify.intro')}</p>
          <Form method="get" className="stack">
            <TextField
              name="code"
              label={belenios ? t('verifiable.verifyTracker') : t('verify.code')}
              hint={belenios ? t('verifiable.verifyTrackerHint') : t('verify.codeHint')}
              defaultValue={code}
              autoComplete="off"
              spellCheck={false}
              error={outcome === 'malformed' ? 'invalid_value' : undefined}
            />
            <button type="submit">{t('verify.check')}</button>
          </Form>
          {outcome === 'found' ? (
            <p className="notice notice--ok" role="status">
              {belenios ? t('verifiable.trackerFound') : t('verify.found')}
            </p>
          ) : null}
          {outcome === 'not_found' ? (
            <p className="notice notice--error" role="status">
              {belenios ? t('verifiable.trackerNotFound') : t('verify.notFound')}
            </p>
          ) : null}
        </>
      )}
    </div>
  )
}
