import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import type { GuideText } from '../easyread/guide-text.server'
import { findGuide } from '../easyread/guides'
import { recordReview, reviewView } from '../easyread/reviews.server'
import { ApproveSchema, RequestChangesSchema, ReviewParamsSchema } from '../easyread/schemas.server'
import { LANGUAGE_NAMES, directionOf } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { err } from '../lib/result'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextAreaField } from '../ui/form'
import { formatDate } from '../ui/format'
import { MAX_REVIEW_NOTE_LENGTH } from '../easyread/limits'

export const handle = { i18n: ['translations', 'easyread'], title: 'translations:easyRead.title' }

// Issue #19 (ADR 026 "Review"): one easy-read guide in one language beside the pt-BR original, read
// only, with the second reader's decision: approve, or ask for changes with a note. Whether this
// person may record it (their language; not the latest reviewer) is decided in the domain.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'easyRead.reviewList')
  const parsed = ReviewParamsSchema.safeParse(params)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const view = await reviewView(getDb(), toActor(user), {
    language: parsed.data.lng,
    guide: parsed.data.guide,
  })
  if (!view.ok) throw new Response('Forbidden', { status: 403 })
  return json(view.value)
}

const DONE = ['approved', 'changes_requested'] as const

export async function action(args: ActionFunctionArgs) {
  const parsed = ReviewParamsSchema.safeParse(args.params)
  const back = parsed.success
    ? `/translate/easy-read/${parsed.data.lng}/${parsed.data.guide.slug}`
    : '/translate/easy-read'
  const record = (
    user: Parameters<typeof toActor>[0],
    decision: { fingerprint: string; outcome: (typeof DONE)[number]; note: string | null },
  ) =>
    parsed.success
      ? recordReview(getDb(), toActor(user), {
          language: parsed.data.lng,
          guide: parsed.data.guide,
          ...decision,
        })
      : Promise.resolve(err('not_found'))
  return formAction<(typeof DONE)[number]>(args, {
    permission: 'easyRead.reviewList',
    back,
    done: DONE,
    intents: {
      approve: intent({
        permission: 'easyRead.reviewList',
        schema: ApproveSchema,
        run: ({ user, data }) =>
          record(user, { fingerprint: data.fingerprint, outcome: 'approved', note: null }),
        done: 'approved',
      }),
      requestChanges: intent({
        permission: 'easyRead.reviewList',
        schema: RequestChangesSchema,
        run: ({ user, data }) =>
          record(user, { fingerprint: data.fingerprint, outcome: 'changes_requested', note: data.note }),
        done: 'changes_requested',
      }),
    },
  })
}

function GuideSide({ text, heading, id }: { text: GuideText; heading: string; id: string }) {
  return (
    <section aria-labelledby={id} className="translate-side">
      <h2 id={id}>{heading}</h2>
      <div lang={text.language} dir={directionOf(text.language)} className="easy-read-review__text">
        <h3>{text.title}</h3>
        {text.intro.map((line) => (
          <p key={line}>{line}</p>
        ))}
        <ol>
          {text.steps.map((step) => (
            <li key={step.id}>
              <h4>{step.title}</h4>
              {step.lines.map((line) => (
                <p key={line}>{line}</p>
              ))}
            </li>
          ))}
        </ol>
        <dl>
          {text.words.map((word) => (
            <div key={word.term}>
              <dt>{word.term}</dt>
              <dd>{word.meaning}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  )
}

export default function EasyReadReviewPage() {
  const { t, i18n } = useTranslation('translations')
  const v = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const formError = failedFor()?.fieldErrors.form
  const guide = findGuide(v.guide)!
  const date = (iso: string) => formatDate(iso, i18n.language)
  const latest = v.history[0]
  return (
    <div className="page translate">
      <p>
        <Link to="/translate/easy-read">{t('easyRead.back')}</Link>
      </p>
      <h1>
        {t(`easyread:guides.${guide.key}.title`)} —{' '}
        <span lang={v.language} dir={directionOf(v.language)}>
          {LANGUAGE_NAMES[v.language]}
        </span>
      </h1>
      <DoneNotice keys={DONE} message={(key) => t(`easyRead.done.${key}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`easyRead.errors.${formError}`, { defaultValue: t('editor.errors.invalid_value') })}
        </p>
      ) : (
        <FormErrorSummary errors={failedFor()?.fieldErrors} />
      )}
      <p className="easy-read-review__state" data-state={v.state}>
        {t(`easyRead.state.${v.state}`, { date: latest ? date(latest.reviewedAt) : '' })}
      </p>
      <div className="translate-sides">
        {v.language === v.original.language ? null : (
          <GuideSide
            id="original-heading"
            heading={t('editor.original', { language: LANGUAGE_NAMES[v.original.language] })}
            text={v.original}
          />
        )}
        <GuideSide
          id="text-heading"
          heading={t('easyRead.text', { language: LANGUAGE_NAMES[v.language] })}
          text={v.text}
        />
      </div>
      <section aria-labelledby="decision-heading" className="stack">
        <h2 id="decision-heading">{t('easyRead.decisionHeading')}</h2>
        {v.mayReview ? (
          <>
            <Form method="post" className="stack">
              <input type="hidden" name="fingerprint" value={v.fingerprint} />
              <p>{t('easyRead.approveHint')}</p>
              <SubmitButton intent="approve">{t('easyRead.approve')}</SubmitButton>
            </Form>
            <Form method="post" className="stack">
              <input type="hidden" name="fingerprint" value={v.fingerprint} />
              <TextAreaField
                name="note"
                label={t('easyRead.noteLabel')}
                rows={4}
                maxLength={MAX_REVIEW_NOTE_LENGTH}
                defaultValue={failedFor('requestChanges')?.values.note}
                error={failedFor('requestChanges')?.fieldErrors.note}
              />
              <SubmitButton intent="requestChanges" className="secondary">
                {t('easyRead.requestChanges')}
              </SubmitButton>
            </Form>
          </>
        ) : (
          <p className="notice">{t('easyRead.reviewedLast')}</p>
        )}
      </section>
      {v.history.length ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{t('easyRead.history')}</h2>
          <ul>
            {v.history.map((h) => (
              <li key={h.reviewNumber}>
                {date(h.reviewedAt)} — {t(`easyRead.outcome.${h.outcome}`)}
                {h.byYou ? ` ${t('easyRead.byYou')}` : ''}
                {h.sameText ? '' : ` ${t('easyRead.olderText')}`}
                {h.note ? (
                  <p dir="auto" className="translate-text">
                    {h.note}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
