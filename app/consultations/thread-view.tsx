import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES, LANGUAGE_NAMES, directionOf } from '../i18n/config'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { SelectField, TextAreaField } from '../ui/form'
import { DateTime } from '../ui/time'
import type { ThreadEntry } from './reading.server'
import { EDIT_WINDOW_MINUTES } from './text'
import { TargetName, WrittenIn } from './view'
import { isolate } from '../ui/localised'

// A thread on a paragraph: each contribution with its history, official answer, and the forms a
// reader may use on it (support, correct, report, hide), and the forms that add to the thread.

type Viewer = { accepting: boolean; signedIn: boolean; canModerate: boolean }

function LanguageSelect({ defaultValue, error }: { defaultValue: string; error?: string }) {
  const { t } = useTranslation('consultations')
  return (
    <SelectField
      name="language"
      label={t('thread.language')}
      hint={t('thread.languageHint')}
      defaultValue={defaultValue}
      error={error}
      options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
    />
  )
}

export function Contribution({ entry, viewer }: { entry: ThreadEntry; viewer: Viewer }) {
  const { t, i18n } = useTranslation('consultations')
  const failedFor = useActionFailure()
  const errorsFor = (intent: string) => failedFor(intent, entry.id)?.fieldErrors
  const valuesFor = (intent: string) => failedFor(intent, entry.id)?.values
  const formError = errorsFor('support')?.form ?? errorsFor('report')?.form ?? errorsFor('hide')?.form
  return (
    <article className="contribution stack" id={`c-${entry.id}`} aria-labelledby={`c-${entry.id}-by`}>
      <p id={`c-${entry.id}-by`}>
        <strong>
          <bdi>{entry.author_name}</bdi>
        </strong>{' '}
        · <DateTime iso={entry.created_at} language={i18n.language} />{' '}
        {entry.hidden ? null : <WrittenIn language={entry.language} />}
        {entry.edited_at ? <span className="muted"> · {t('thread.edited')}</span> : null}
      </p>
      {entry.hidden ? (
        <p className="notice">
          {t('thread.hiddenPlaceholder', { reason: isolate(entry.hidden_reason ?? '') })}
        </p>
      ) : (
        <p className="pre-wrap" lang={entry.language} dir={directionOf(entry.language)}>
          {entry.body}
        </p>
      )}
      {entry.revisions.length ? (
        <details>
          <summary>{t('thread.history', { n: entry.revisions.length })}</summary>
          <ol>
            {entry.revisions.map((r) => (
              <li key={r.replaced_at}>
                <p className="pre-wrap" lang={entry.language} dir={directionOf(entry.language)}>
                  {r.body}
                </p>
                <p className="muted">
                  {t('thread.replacedAt')} <DateTime iso={r.replaced_at} language={i18n.language} />
                </p>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {entry.answer ? (
        <div className={`official-answer official-answer--${entry.answer}`}>
          <p>
            <strong>{t('thread.officialAnswer')}</strong>{' '}
            <span className={`status-badge status-badge--${entry.answer}`}>
              {t(`answers.${entry.answer}`)}
            </span>
          </p>
          <p className="pre-wrap" lang="pt-BR" dir="ltr">
            {entry.answer_text}
          </p>
          {entry.outcomes.map((o) => (
            <p key={o.action_id ?? o.campaign_id}>
              {t('thread.changed')} <TargetName target={{ ...o }} />
            </p>
          ))}
        </div>
      ) : null}
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      ) : null}
      <div className="actions">
        <span>{t('thread.supports', { count: entry.supports })}</span>
        {viewer.accepting && viewer.signedIn && !entry.hidden && !entry.mine ? (
          entry.supportedByMe ? (
            <span>{t('thread.youSupport')}</span>
          ) : (
            <Form method="post">
              <input type="hidden" name="contributionId" value={entry.id} />
              <SubmitButton intent="support" className="secondary small">
                {t('thread.support')}
              </SubmitButton>
            </Form>
          )
        ) : null}
      </div>
      {entry.editable ? (
        <details open={Boolean(errorsFor('edit'))}>
          <summary>{t('thread.edit', { minutes: EDIT_WINDOW_MINUTES })}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="contributionId" value={entry.id} />
            <TextAreaField
              name="body"
              label={t('thread.editLabel')}
              rows={3}
              defaultValue={valuesFor('edit')?.body ?? entry.body ?? ''}
              error={errorsFor('edit')?.body ?? errorsFor('edit')?.form}
              lang={entry.language}
            />
            <SubmitButton intent="edit" className="secondary">
              {t('thread.saveEdit')}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      {viewer.signedIn && !entry.hidden && !entry.mine ? (
        <details open={Boolean(errorsFor('report'))}>
          <summary>{t('thread.report')}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="contributionId" value={entry.id} />
            <TextAreaField
              name="reason"
              label={t('thread.reportReason')}
              rows={2}
              defaultValue={valuesFor('report')?.reason}
              error={errorsFor('report')?.reason}
            />
            <SubmitButton intent="report" className="secondary">
              {t('thread.sendReport')}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      {viewer.canModerate && !entry.hidden ? (
        <details open={Boolean(errorsFor('hide'))}>
          <summary>{t('thread.hide')}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="contributionId" value={entry.id} />
            <TextAreaField
              name="reason"
              label={t('thread.hideReason')}
              hint={t('thread.hideHint')}
              rows={2}
              defaultValue={valuesFor('hide')?.reason}
              error={errorsFor('hide')?.reason}
            />
            <SubmitButton intent="hide" className="danger">
              {t('thread.hideSubmit')}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
    </article>
  )
}

/**
 * The failed comment of this form: a reply names its thread in `parentId`, a new thread names none.
 * (Replies are per-row forms whose row travels as `parentId`, not as formAction's `target`.)
 */
function useFailedComment(parentId: string | null) {
  const failed = useActionFailure()('comment')
  return failed && (failed.values.parentId || null) === parentId ? failed : undefined
}

export function ReplyForm({ entry }: { entry: ThreadEntry }) {
  const { t, i18n } = useTranslation('consultations')
  const failed = useFailedComment(entry.id)
  return (
    <details open={Boolean(failed)}>
      <summary>{t('thread.reply')}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="parentId" value={entry.id} />
        <TextAreaField
          name="body"
          label={t('thread.replyLabel', { name: isolate(entry.author_name) })}
          rows={3}
          defaultValue={failed?.values.body}
          error={failed?.fieldErrors.body ?? failed?.fieldErrors.form}
        />
        <LanguageSelect
          defaultValue={failed?.values.language ?? i18n.language}
          error={failed?.fieldErrors.language}
        />
        <SubmitButton intent="comment" className="secondary">
          {t('thread.sendReply')}
        </SubmitButton>
      </Form>
    </details>
  )
}

export function NewComment({ paragraphRef }: { paragraphRef: string | null }) {
  const { t, i18n } = useTranslation('consultations')
  const failed = useFailedComment(null)
  return (
    <section aria-labelledby="new-comment" className="stack card">
      <h2 id="new-comment">
        {paragraphRef ? t('thread.newOnParagraph', { ref: paragraphRef }) : t('thread.newGeneral')}
      </h2>
      <Form method="post" className="stack">
        <TextAreaField
          name="body"
          label={t('thread.yourComment')}
          hint={t('thread.plainText')}
          rows={5}
          defaultValue={failed?.values.body}
          error={failed?.fieldErrors.body}
        />
        <LanguageSelect
          defaultValue={failed?.values.language ?? i18n.language}
          error={failed?.fieldErrors.language}
        />
        <SubmitButton intent="comment">{t('thread.send')}</SubmitButton>
      </Form>
    </section>
  )
}
