import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { LANGUAGE_NAMES, directionOf } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { err } from '../lib/result'
import { MAX_NOTE_LENGTH } from '../translations/fields'
import { PublishSchema, ReturnSchema, SubmitSchema, TextParamsSchema } from '../translations/schemas.server'
import { editorView, review, submit, type ReturnReason } from '../translations/workflow.server'
import { RETURN_REASONS } from '../translations/reasons'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextAreaField } from '../ui/form'

export const handle = { i18n: ['translations'], title: 'translations:editor.title' }

// The side-by-side editor (issue #19): the original in its language and direction beside the
// translation being typed in the target's, the outdated translation when updating one, and for a
// reviewer who did not write the pending submission, Publish and Return.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'translations.work')
  const parsed = TextParamsSchema.safeParse(params)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const { lng, kind, id } = parsed.data
  const view = await editorView(getDb(), toActor(user), { kind, id, language: lng })
  if (!view.ok)
    throw new Response(view.error === 'not_your_language' ? 'Forbidden' : 'Not found', {
      status: view.error === 'not_your_language' ? 403 : 404,
    })
  return json(view.value)
}

const DONE = [
  'submitted',
  'published',
  'returned',
  ...RETURN_REASONS.map((reason) => `returned_${reason}` as const),
] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const parsed = TextParamsSchema.safeParse(args.params)
  const back = parsed.success
    ? `/translate/${parsed.data.lng}/${encodeURIComponent(parsed.data.kind)}/${encodeURIComponent(parsed.data.id)}`
    : '/translate'
  return formAction<Done>(args, {
    permission: 'translations.work',
    back,
    done: DONE,
    intents: {
      submit: intent({
        permission: 'translations.work',
        schema: SubmitSchema,
        run: ({ db, user, data }) =>
          parsed.success
            ? submit(db, toActor(user), {
                ...parsed.data,
                language: parsed.data.lng,
                text: data.text,
                basis: data.basis,
              })
            : Promise.resolve(err('not_found')),
        done: 'submitted',
      }),
      publish: intent({
        permission: 'translations.review',
        schema: PublishSchema,
        run: ({ db, user, data }) =>
          review(db, toActor(user), { submissionId: data.submission, decision: 'publish' }),
        done: (value: { reason: ReturnReason | null }) =>
          value.reason ? (`returned_${value.reason}` as const) : 'published',
      }),
      return: intent({
        permission: 'translations.review',
        schema: ReturnSchema,
        run: ({ db, user, data }) =>
          review(db, toActor(user), { submissionId: data.submission, decision: 'return', note: data.note }),
        done: 'returned',
      }),
    },
  })
}

export default function TranslateEditorPage() {
  const { t } = useTranslation('translations')
  const v = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const failed = failedFor()
  const formError = failed?.fieldErrors.form
  const targetName = LANGUAGE_NAMES[v.language]
  const originalName = LANGUAGE_NAMES[v.original.lang]
  const typed = failedFor('submit')?.values.text
  const start = typed ?? (v.pending?.mine ? v.pending.text : (v.current ?? ''))
  return (
    <div className="page translate">
      <p>
        <Link to={`/translate?into=${v.language}`}>{t('editor.back')}</Link>
      </p>
      <h1>
        {t(v.labelKey)}
        {v.context ? ` ${v.context}` : ''} —{' '}
        <span lang={v.language} dir={directionOf(v.language)}>
          {targetName}
        </span>
      </h1>
      <DoneNotice keys={DONE} message={(key) => t(`editor.done.${key}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`editor.errors.${formError}`, { defaultValue: t('editor.errors.invalid_value') })}
        </p>
      ) : (
        <FormErrorSummary errors={failed?.fieldErrors} />
      )}
      <p>
        {t(`editor.state.${v.state}`)} <Link to={v.href}>{t('editor.whereRead')}</Link>
      </p>
      {v.returned ? (
        <div className="notice" role="note">
          <p>{t('editor.returnedToYou')}</p>
          {v.returned.reason === 'original_changed' ? <p>{t('editor.originalChangedNote')}</p> : null}
          {v.returned.reason && v.returned.reason !== 'original_changed' ? (
            <p>{t(`editor.returnedReasons.${v.returned.reason}`)}</p>
          ) : null}
          {v.returned.note ? <p dir="auto">{v.returned.note}</p> : null}
        </div>
      ) : null}
      <div className="translate-sides">
        <section aria-labelledby="original-heading" className="translate-side">
          <h2 id="original-heading">{t('editor.original', { language: originalName })}</h2>
          <p lang={v.original.lang} dir={directionOf(v.original.lang)} className="translate-text">
            {v.original.text}
          </p>
          {v.state === 'outdated' && v.current ? (
            <>
              <h3>{t('editor.outdated')}</h3>
              <p lang={v.language} dir={directionOf(v.language)} className="translate-text">
                {v.current}
              </p>
            </>
          ) : null}
        </section>
        <section aria-labelledby="target-heading" className="translate-side">
          <h2 id="target-heading">{t('editor.translation', { language: targetName })}</h2>
          {v.pending && !v.pending.mine ? (
            <>
              <p>{t('editor.pendingOther')}</p>
              <p lang={v.language} dir={directionOf(v.language)} className="translate-text">
                {v.pending.text}
              </p>
              {v.pending.outdated ? <p className="notice">{t('editor.pendingOutdated')}</p> : null}
            </>
          ) : (
            <Form method="post" className="stack">
              {v.pending?.mine ? <p>{t('editor.pendingMine')}</p> : null}
              <input type="hidden" name="basis" value={v.basis} />
              <TextAreaField
                name="text"
                label={t('editor.textLabel', { language: targetName })}
                hint={t('editor.textHint')}
                rows={v.multiline ? 8 : 3}
                lang={v.language}
                dir={directionOf(v.language)}
                defaultValue={start}
                maxLength={v.maxLength}
                error={failedFor('submit')?.fieldErrors.text}
              />
              <SubmitButton intent="submit">{t('editor.submit')}</SubmitButton>
            </Form>
          )}
          {v.mayReview && v.pending ? (
            <div className="stack">
              <h3>{t('editor.reviewHeading')}</h3>
              <Form method="post">
                <input type="hidden" name="submission" value={v.pending.id} />
                <SubmitButton intent="publish">{t('editor.publish')}</SubmitButton>
              </Form>
              <Form method="post" className="stack">
                <input type="hidden" name="submission" value={v.pending.id} />
                <TextAreaField
                  name="note"
                  label={t('editor.noteLabel')}
                  rows={3}
                  maxLength={MAX_NOTE_LENGTH}
                  defaultValue={failedFor('return')?.values.note}
                  error={failedFor('return')?.fieldErrors.note}
                />
                <SubmitButton intent="return" className="secondary">
                  {t('editor.return')}
                </SubmitButton>
              </Form>
            </div>
          ) : null}
        </section>
      </div>
    </div>
  )
}
