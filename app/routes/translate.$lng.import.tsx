import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { LANGUAGE_NAMES } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { err } from '../lib/result'
import { readMultipartForm, TOO_LARGE } from '../lib/uploads.server'
import { MAX_BATCH_BYTES } from '../translations/batch'
import { importBatch, type RowResult } from '../translations/batch.server'
import { LanguageParamsSchema } from '../translations/schemas.server'
import { languagesOf } from '../translations/workflow.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'

export const handle = { i18n: ['translations'], title: 'translations:import.title' }

// Uploading a batch translated offline (issue #19): XLIFF or CSV as exported; each filled-in row
// becomes a submission for review, and the page lists what happened to every row.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'translations.work')
  const parsed = LanguageParamsSchema.safeParse(params)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const actor = toActor(user)
  const languages = await languagesOf(getDb(), actor)
  if (!can(actor, 'translations.inLanguage', { language: parsed.data.lng, languages }))
    throw new Response('Forbidden', { status: 403 })
  return json({ language: parsed.data.lng })
}

const ImportSchema = z.object({
  file: z.unknown().transform((value, ctx): File => {
    if (value instanceof File && value.size > 0 && value.size <= MAX_BATCH_BYTES) return value
    const tooLarge = value === TOO_LARGE || (value instanceof File && value.size > MAX_BATCH_BYTES)
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: tooLarge ? 'file_too_large' : 'file_empty' })
    return z.NEVER
  }),
})

export async function action(args: ActionFunctionArgs) {
  const parsed = LanguageParamsSchema.safeParse(args.params)
  return formAction(args, {
    permission: 'translations.work',
    back: parsed.success ? `/translate/${parsed.data.lng}/import` : '/translate',
    readBody: readMultipartForm,
    intents: {
      import: intent({
        permission: 'translations.work',
        schema: ImportSchema,
        run: async ({ db, user, data }) => {
          if (!parsed.success) return err('not_found')
          const bytes = new Uint8Array(await data.file.arrayBuffer())
          const imported = await importBatch(db, toActor(user), { language: parsed.data.lng, bytes })
          return imported.ok ? json({ ok: true as const, rows: imported.value.rows }) : imported
        },
      }),
    },
  })
}

export default function TranslateImportPage() {
  const { t } = useTranslation('translations')
  const { language } = useLoaderData<typeof loader>()
  const result = useActionData<{ ok: true; rows: RowResult[] } | { ok: false }>()
  const failed = useActionFailure()()
  const error = failed && (failed.fieldErrors.file ?? failed.fieldErrors.form)
  const rows = result && result.ok ? result.rows : null
  return (
    <div className="page translate">
      <p>
        <Link to={`/translate?into=${language}`}>{t('editor.back')}</Link>
      </p>
      <h1>{t('import.heading', { language: LANGUAGE_NAMES[language] })}</h1>
      <p>{t('import.intro')}</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {t(`import.errors.${error}`, { defaultValue: t('import.errors.unreadable') })}
        </p>
      ) : null}
      {rows ? (
        <div className="table-wrap">
          <table>
            <caption>
              {t('import.summary', {
                n: String(rows.filter((r) => r.result === 'accepted').length),
                total: String(rows.length),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('import.line')}</th>
                <th scope="col">{t('import.text')}</th>
                <th scope="col">{t('import.result')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.line}</td>
                  <td>{r.kind ? `${r.kind} ${r.id ?? ''}` : '—'}</td>
                  <td>{t(`import.results.${r.result}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="batch-file">{t('import.file')}</label>
          <input
            id="batch-file"
            type="file"
            name="file"
            accept=".xlf,.xliff,.csv,application/xliff+xml,text/csv"
          />
        </div>
        <SubmitButton intent="import">{t('import.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
