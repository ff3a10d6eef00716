import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from '../ui/action-feedback'
import { JobProgress } from '../ui/job-progress'
import type { ImportJob, ImportReport } from './import.server'
import { TableRegion } from '../ui/table'

type Job = Omit<ImportJob, 'report'> & { report: ImportReport | null }

/** A check or an import of a CSV file: its progress, then its report (and "import" after a check). */
export function ImportJobView({ job }: { job: Job }) {
  const { t } = useTranslation('registration')
  const report = job.report
  if (job.status === 'queued' || job.status === 'running') {
    const { done, total } = job.progress
    const label =
      job.status === 'queued' || !total
        ? t('import.queued')
        : t(job.stage === 'preview' ? 'import.checking' : 'import.importing', { done, total })
    return (
      <JobProgress
        done={done}
        total={total}
        label={label}
        progressLabel={t('import.progress')}
        refreshLabel={t('import.refresh')}
      />
    )
  }
  return (
    <>
      {job.status === 'failed' && (!report || report.ok) ? (
        <p className="notice notice--error" role="alert">
          {t(`import.errors.${job.error}`, { defaultValue: t('import.errors.failed') })}
        </p>
      ) : null}
      {report && !report.ok ? (
        <p className="notice notice--error" role="alert">
          {t(`import.errors.${report.error}`)} {report.missing?.join(', ')}
        </p>
      ) : null}
      {report && report.ok ? <ReportTable report={report} imported={job.stage === 'commit'} /> : null}
      {job.stage === 'preview' && job.importJobId ? (
        <p>
          <Link to={`?job=${job.importJobId}`}>{t('import.seeImport')}</Link>
        </p>
      ) : job.stage === 'preview' && job.status === 'done' && report?.ok && report.valid > 0 ? (
        <Form method="post" className="stack">
          <input type="hidden" name="job" value={job.id} />
          <SubmitButton intent="confirm">{t('import.confirm', { count: report.valid })}</SubmitButton>
        </Form>
      ) : null}
    </>
  )
}

function ReportTable({
  report,
  imported,
}: {
  report: Extract<ImportReport, { ok: true }>
  imported: boolean
}) {
  const { t } = useTranslation('registration')
  return (
    <section aria-labelledby="import-report" className="notice" role="status">
      <h2 id="import-report">{imported ? t('import.doneTitle') : t('import.previewTitle')}</h2>
      <p>
        {t('import.counts', { total: report.total, valid: report.valid, rejected: report.rejected.length })}
      </p>
      {imported ? (
        <p>
          <strong>{t('import.imported', { count: report.imported ?? 0 })}</strong>
        </p>
      ) : null}
      {report.rejected.length ? (
        <TableRegion
          caption={<caption>{t('import.rejectedCaption')}</caption>}
          label={t('import.rejectedCaption')}
          headers={[t('import.line'), t('import.column'), t('import.problem')]}
        >
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
        </TableRegion>
      ) : null}
    </section>
  )
}
