import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { readMultipartForm, TOO_LARGE } from '../lib/uploads.server'
import { IMPORT_COLUMNS, previewImport, runImport } from '../registration/import.server'

export const handle = { i18n: ['registration'], title: 'registration:import.title' }

const MAX_CSV_BYTES = 4 * 1024 * 1024

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.import')
  return json({ columns: IMPORT_COLUMNS })
}

// Two steps: upload → report (nothing written) → confirm → import of the valid rows in one transaction.
export async function action({ request }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'registration.import'))!
  const formData = await readMultipartForm(request)
  const intent = formData.get('intent')
  let csv = ''
  const file = formData.get('file')
  if (file === TOO_LARGE)
    return json({ stage: 'error' as const, error: 'too_large', csv: '', report: null }, { status: 400 })
  if (file && typeof file !== 'string') csv = file.size <= MAX_CSV_BYTES ? await file.text() : ''
  else if (typeof formData.get('csv') === 'string') csv = String(formData.get('csv')).slice(0, MAX_CSV_BYTES)
  if (!csv.trim())
    return json({ stage: 'error' as const, error: 'empty', csv: '', report: null }, { status: 400 })
  const db = getDb()
  if (intent === 'confirm') {
    const report = await runImport(db, actor.id, csv)
    return json({ stage: 'done' as const, error: null, csv: '', report }, { status: report.ok ? 200 : 400 })
  }
  const report = await previewImport(db, csv)
  return json({ stage: 'preview' as const, error: null, csv, report }, { status: report.ok ? 200 : 400 })
}

export default function ImportPage() {
  const { t } = useTranslation('registration')
  const data = useActionData<typeof action>()
  const { columns } = useLoaderData<typeof loader>()
  const report = data?.report
  return (
    <div className="page">
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <p className="mono">{columns.join(',')}</p>
      {data?.error ? (
        <p className="notice notice--error" role="alert">
          {t(`import.errors.${data.error}`)}
        </p>
      ) : null}
      {report && !report.ok ? (
        <p className="notice notice--error" role="alert">
          {t(`import.errors.${report.error}`)} {report.missing?.join(', ')}
        </p>
      ) : null}
      {report && report.ok ? (
        <section aria-labelledby="import-report" className="notice" role="status">
          <h2 id="import-report">
            {data?.stage === 'done' ? t('import.doneTitle') : t('import.previewTitle')}
          </h2>
          <p>
            {t('import.counts', {
              total: report.total,
              valid: report.valid,
              rejected: report.rejected.length,
            })}
          </p>
          {data?.stage === 'done' && 'imported' in report ? (
            <p>
              <strong>{t('import.imported', { n: report.imported ?? 0 })}</strong>
            </p>
          ) : null}
          {report.rejected.length ? (
            <div className="table-wrap">
              <table>
                <caption>{t('import.rejectedCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.line')}</th>
                    <th scope="col">{t('import.column')}</th>
                    <th scope="col">{t('import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.map((p) => (
                    <tr key={`${p.line}-${p.column}`}>
                      <td>{p.line}</td>
                      <td className="mono">{p.column}</td>
                      <td>
                        {t(`validation:${p.error}`, {
                          defaultValue: t(`import.problems.${p.error}`, {
                            defaultValue: t('validation:invalid_value'),
                          }),
                        })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
      {data?.stage === 'preview' && report?.ok && report.valid > 0 ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="csv" value={data.csv} />
          <button type="submit">{t('import.confirm', { n: report.valid })}</button>
        </Form>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input id="import-file" type="file" name="file" accept=".csv,text/csv" />
        </div>
        <button type="submit" className="secondary">
          {t('import.check')}
        </button>
      </Form>
    </div>
  )
}
