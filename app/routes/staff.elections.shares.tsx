import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { ShareImportSchema, ShareThresholdsSchema } from '../elections/schemas.server'
import { DEFAULT_SHARE_THRESHOLDS, formatShareSteps } from '../elections/seats'
import { SHARE_COLUMNS } from '../elections/share-csv'
import { ShareImportProblems, SharesTable } from '../elections/share-view'
import { importShares, sharePreview } from '../elections/shares.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { readMultipartForm } from '../lib/uploads.server'
import { countParam, DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { TextField } from '../ui/form'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'

export const handle = { i18n: ['elections'], title: 'elections:shares.title' }

// The immigrant share per subprefecture (issue #17): the commission imports a file of figures and
// sees the Participatory Council seats they give under thresholds it may change here (a GET form,
// nothing saved) before creating the election with the same thresholds.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.manage')
  const params = new URL(request.url).searchParams
  const asked = params.has('minSeats') || params.has('shareSteps')
  const values = {
    minSeats: (params.get('minSeats') ?? String(DEFAULT_SHARE_THRESHOLDS.minSeats)).slice(0, 20),
    shareSteps: (params.get('shareSteps') ?? formatShareSteps(DEFAULT_SHARE_THRESHOLDS.steps)).slice(0, 200),
  }
  const parsed = ShareThresholdsSchema.safeParse(values)
  const errors: Record<string, string> = {}
  if (asked && !parsed.success)
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message
  const thresholds = parsed.success ? parsed.data : DEFAULT_SHARE_THRESHOLDS
  return json({ values, errors, ...(await sharePreview(getDb(), thresholds)) })
}

const DONE = ['imported'] as const

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'elections.manage',
    back: '/staff/elections/shares',
    done: DONE,
    readBody: readMultipartForm,
    intents: {
      import: intent({
        permission: 'elections.manage',
        schema: ShareImportSchema,
        run: async ({ db, user, data }) =>
          importShares(db, { actorUserId: user.id, bytes: new Uint8Array(await data.file.arrayBuffer()) }),
        redirectTo: (value: { rows: number }) => `/staff/elections/shares?done=imported&n=${value.rows}`,
      }),
    },
  })
}

export default function SubprefectureShares() {
  const { t, i18n } = useTranslation(['elections', 'common'])
  const { values, errors, rows, totalSeats, imports } = useLoaderData<typeof loader>()
  const failed = useActionFailure()('import')
  const [params] = useSearchParams()
  const fileError = failed?.fieldErrors.file ?? failed?.fieldErrors.form
  const problems = (failed as { problems?: Parameters<typeof ShareImportProblems>[0]['problems'] })?.problems
  const missing = (failed as { missing?: string[] })?.missing
  const create = `/staff/elections?${new URLSearchParams({ body: 'cpm', ...values })}`
  return (
    <div className="page stack">
      <p>
        <Link to="/staff/elections">
          <Arrow kind="back" /> {t('staff.title')}
        </Link>
      </p>
      <h1>{t('shares.title')}</h1>
      <p>{t('shares.intro')}</p>
      <DoneNotice
        keys={DONE}
        message={() => t('shares.imported', { count: Number(countParam(params.get('n'))) })}
      />

      <section aria-labelledby="shares-import" className="stack">
        <h2 id="shares-import">{t('shares.importTitle')}</h2>
        <p>{t('shares.columnsHint')}</p>
        <p className="mono" dir="ltr">
          {SHARE_COLUMNS.join(',')}
        </p>
        {fileError ? (
          <div className="notice notice--error" role="alert">
            <p>
              {t(`shares.errors.${fileError}`, { defaultValue: t('shares.errors.rows_invalid') })}
              {missing?.length ? ` ${missing.join(', ')}` : null}
            </p>
            {problems?.length ? <ShareImportProblems problems={problems} /> : null}
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stack">
          <div className="field">
            <label htmlFor="shares-file">{t('shares.file')}</label>
            <input id="shares-file" type="file" name="file" accept=".csv,text/csv" />
          </div>
          <SubmitButton intent="import">{t('shares.importSubmit')}</SubmitButton>
        </Form>
        {imports.length ? (
          <>
            <h3>{t('shares.history')}</h3>
            <ul>
              {imports.map((i) => (
                <li key={i.id}>
                  <DateTime iso={i.imported_at} language={i18n.language} /> —{' '}
                  {t('shares.historyItem', { who: i.imported_by, count: i.row_count })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="shares-preview" className="stack">
        <h2 id="shares-preview">{t('shares.previewTitle')}</h2>
        <Form method="get" className="stack">
          <TextField
            name="minSeats"
            label={t('staff.minSeats')}
            inputMode="numeric"
            defaultValue={values.minSeats}
            error={errors.minSeats}
          />
          <TextField
            name="shareSteps"
            label={t('staff.shareSteps')}
            hint={t('staff.shareStepsHint')}
            defaultValue={values.shareSteps}
            error={errors.shareSteps}
          />
          <button type="submit" className="secondary">
            {t('shares.previewSubmit')}
          </button>
        </Form>
        <p>
          <strong>{t('shares.totalSeats', { count: totalSeats })}</strong>
        </p>
        <SharesTable
          caption={t('shares.previewTitle')}
          rows={rows.map((r) => ({
            key: r.id,
            name: r.name,
            immigrant: r.immigrantPopulation,
            total: r.totalPopulation,
            share: r.sharePct,
            source: r.source,
            referenceDate: r.referenceDate,
            seats: r.seats,
          }))}
          totalSeats={totalSeats}
        />
        <p>
          <Link className="button" to={create}>
            {t('shares.createWith')}
          </Link>
        </p>
      </section>
    </div>
  )
}
