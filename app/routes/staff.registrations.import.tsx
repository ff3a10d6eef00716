import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { readMultipartForm } from '../lib/uploads.server'
import { IMPORT_COLUMNS } from '../registration/import-rows.server'
import { ImportJobView } from '../registration/import-view'
import { decodeCsv } from '../lib/csv'
import { confirmImport, getImportJob, startImportCheck } from '../registration/import.server'
import { ImportConfirmSchema, ImportUploadSchema } from '../registration/schemas.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'

export const handle = { i18n: ['registration'], title: 'registration:import.title' }

// Upload → a background check (nothing written) → "import" → a background import of the valid rows
// in one transaction. The page follows the job named in `?job=`; the file never comes back to it.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermittedUser(request, 'registration.import')
  const jobId = new URL(request.url).searchParams.get('job')
  const job = jobId ? await getImportJob(getDb(), jobId.slice(0, 100)) : null
  if (jobId && !job) throw new Response('Not found', { status: 404 })
  return json({ columns: IMPORT_COLUMNS, job })
}

const page = (jobId: string) => `/staff/registrations/import?job=${encodeURIComponent(jobId)}`

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'registration.import',
    back: '/staff/registrations/import',
    readBody: readMultipartForm,
    intents: {
      preview: intent({
        permission: 'registration.import',
        schema: ImportUploadSchema,
        // UTF-8 or, as spreadsheet programs on Windows save it, Windows-1252 (decodeCsv).
        run: async ({ db, user, data }) =>
          startImportCheck(db, {
            actorUserId: user.id,
            csv: decodeCsv(new Uint8Array(await data.file.arrayBuffer())).text,
          }),
        redirectTo: (value: { jobId: string }) => page(value.jobId),
      }),
      confirm: intent({
        permission: 'registration.import',
        schema: ImportConfirmSchema,
        run: ({ db, user, data }) => confirmImport(db, { actorUserId: user.id, previewJobId: data.job }),
        redirectTo: (value: { jobId: string }) => page(value.jobId),
      }),
    },
  })
}

export default function ImportPage() {
  const { t } = useTranslation('registration')
  const { columns, job } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const error = failed && (failed.fieldErrors.file ?? failed.fieldErrors.job ?? failed.fieldErrors.form)
  return (
    <div className="page">
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <p className="mono">{columns.join(',')}</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {t(`import.errors.${error}`, { defaultValue: t('import.errors.failed') })}
        </p>
      ) : null}
      {job ? <ImportJobView job={job} /> : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input id="import-file" type="file" name="file" accept=".csv,text/csv" />
        </div>
        <SubmitButton intent="preview" className="secondary">
          {t('import.check')}
        </SubmitButton>
      </Form>
    </div>
  )
}
