import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { verifyTrackingCode } from '../elections/counting.server'
import { getElection } from '../elections/lifecycle.server'
import { boardPublic } from '../elections/phases'
import { BackToElection } from '../elections/view'
import { getDb } from '../lib/db.server'
import { TextField } from '../ui/form'
import { VerifyQuerySchema } from '../elections/schemas.server'

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
  return json({
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    published,
    code: code ?? '',
    outcome,
  })
}

export default function Verify() {
  const { t } = useTranslation('elections')
  const { election, published, code, outcome } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{t('verify.title')}</h1>
      {!published ? (
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
