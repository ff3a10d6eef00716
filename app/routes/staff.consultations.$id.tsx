import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import {
  addQuestion,
  advanceConsultation,
  answerContribution,
  dismissReports,
  getConsultation,
  hideContribution,
  moderationQueue,
  reviseDraft,
  saveTranslation,
  targetOptions,
  unansweredContributions,
} from '../consultations/consultations.server'
import {
  AnswerSchema,
  ConsultationSchema,
  HideSchema,
  QuestionSchema,
  StatusSchema,
  TargetsSchema,
  TranslationLanguageSchema,
  TranslationSchema,
} from '../consultations/schemas.server'
import { ConsultationFields, targetChoices } from '../consultations/staff-view'
import { ConsultationStatusBadge, WrittenIn } from '../consultations/view'
import { Localised } from '../ui/localised'
import { LANGUAGE_NAMES, pickText } from '../i18n/config'
import { toLocalInput } from '../lib/dates'
import { getDb } from '../lib/db.server'
import { requiredText } from '../lib/fields.server'
import { formAction, intent } from '../lib/form-action.server'
import { requestOrigin } from '../lib/request.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, SelectField, TextAreaField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['consultations'], title: 'consultations:staff.manageTitle' }

const TRANSLATION_LANGUAGES = ['es', 'en', 'fr', 'ht', 'ar', 'zh'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'consultations.moderate')
  const db = getDb()
  const found = await getConsultation(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const actor = toActor(user)
  const canManage = can(actor, 'consultations.manage')
  const canAnswer = can(actor, 'consultations.answer')
  const tr = TranslationLanguageSchema.safeParse(new URL(request.url).searchParams.get('tr'))
  const draft = found.sections
    .map((s) =>
      [
        pickText(s.heading_i18n, 'pt-BR').text ? `## ${pickText(s.heading_i18n, 'pt-BR').text}` : '',
        ...s.paragraphs.map((p) => pickText(p.body_i18n, 'pt-BR').text),
      ]
        .filter(Boolean)
        .join('\n\n'),
    )
    .join('\n\n')
  const c = found.consultation
  return json({
    ...found,
    canManage,
    canAnswer,
    translating: tr.success ? tr.data : null,
    defaults: {
      title: pickText(c.title_i18n, 'pt-BR').text,
      summary: pickText(c.summary_i18n, 'pt-BR').text,
      draft,
      opensAt: toLocalInput(c.opens_at),
      closesAt: toLocalInput(c.closes_at),
      minAccountAgeDays: String(c.min_account_age_days),
      targets: found.targets.map((t) =>
        t.action_id ? `action:${t.action_id}` : `campaign:${t.campaign_id}`,
      ),
    },
    options: canManage || canAnswer ? await targetOptions(db) : { actions: [], campaigns: [] },
    reported: await moderationQueue(db, c.id),
    unanswered: canAnswer ? await unansweredContributions(db, c.id) : [],
  })
}

const DONE = [
  'kept',
  'hidden',
  'answered',
  'status_open',
  'status_closed',
  'status_answered',
  'revised',
  'question',
  'translated',
] as const
type Done = (typeof DONE)[number]

const ContributionRef = z.object({ contributionId: requiredText(40) })

export async function action(args: ActionFunctionArgs) {
  const id = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'consultations.moderate',
    back: `/staff/consultations/${id}`,
    done: DONE,
    target: 'contributionId',
    intents: {
      keep: intent({
        permission: 'consultations.moderate',
        schema: ContributionRef,
        run: ({ db, user, data }) =>
          dismissReports(db, { actorUserId: user.id, contributionId: data.contributionId }),
        done: 'kept',
      }),
      hide: intent({
        permission: 'consultations.moderate',
        schema: HideSchema,
        run: ({ db, user, data }) => hideContribution(db, { actorUserId: user.id, ...data }),
        done: 'hidden',
      }),
      answer: intent({
        permission: 'consultations.answer',
        schema: AnswerSchema,
        run: ({ db, user, data }) =>
          answerContribution(db, { actorUserId: user.id, ...data, origin: requestOrigin(args.request) }),
        done: 'answered',
      }),
      status: intent({
        permission: 'consultations.manage',
        schema: StatusSchema,
        run: ({ db, user, data }) => advanceConsultation(db, { actorUserId: user.id, id, to: data.to }),
        done: (_, data) => `status_${data.to}` as const,
      }),
      revise: intent({
        permission: 'consultations.manage',
        schema: ConsultationSchema.extend({ targets: TargetsSchema }),
        shape: { lists: ['targets'] },
        run: ({ db, user, data }) => reviseDraft(db, user.id, id, data),
        done: 'revised',
      }),
      question: intent({
        permission: 'consultations.manage',
        schema: QuestionSchema,
        run: ({ db, user, data }) => addQuestion(db, user.id, id, data),
        done: 'question',
      }),
      translate: intent({
        permission: 'consultations.manage',
        schema: TranslationSchema,
        shape: { maps: { sections: 'section_', paragraphs: 'paragraph_' } },
        run: ({ db, user, data }) => saveTranslation(db, user.id, id, data.language, data),
        done: 'translated',
        suffix: (data) => `&tr=${data.language}`,
      }),
    },
  })
}

const NEXT: Record<string, 'open' | 'closed' | 'answered' | null> = {
  draft: 'open',
  open: 'closed',
  closed: 'answered',
  answered: null,
}

export default function ManageConsultation() {
  const { t, i18n } = useTranslation('consultations')
  const data = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const formError = failedFor()?.fieldErrors.form
  const c = data.consultation
  const next = NEXT[c.status]
  const tr = data.translating
  const answerTargets = [
    { value: '', label: t('staff.answer.noTarget') },
    ...targetChoices(data.options).map((o) => ({
      value: o.value,
      label: optionText(o.value, data.options, i18n.language),
    })),
  ]
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/staff/consultations">{t('staff.title')}</Link>
      </p>
      <Localised as="h1" json={c.title_i18n} />
      <p>
        <ConsultationStatusBadge status={c.status} accepting={data.accepting} /> ·{' '}
        <Link to={`/consultations/${c.id}`}>{t('staff.publicPage')}</Link>
      </p>
      <DoneNotice keys={DONE} message={(done) => t(`staff.done.${done}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      ) : null}

      {data.canManage && next ? (
        <section aria-labelledby="status" className="stack card">
          <h2 id="status">{t('staff.status')}</h2>
          <p>{t(`staff.next.${next}`)}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="status" />
            <input type="hidden" name="to" value={next} />
            <button type="submit">{t(`staff.moveTo.${next}`)}</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="moderation" className="stack">
        <h2 id="moderation">{t('staff.moderation', { n: data.reported.length })}</h2>
        {data.reported.length === 0 ? <p>{t('staff.nothingReported')}</p> : null}
        <ul className="stack">
          {data.reported.map((r) => (
            <li key={r.id} className="card stack">
              <p>
                <strong>{r.author_name}</strong> · <WrittenIn language={r.language} /> ·{' '}
                {t('staff.reports', { n: Number(r.reports) })}
              </p>
              <p className="pre-wrap" lang={r.language}>
                {r.body}
              </p>
              <p className="muted">
                {t('staff.aReason')} {String(r.a_reason ?? '')}
              </p>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="hide" />
                <input type="hidden" name="contributionId" value={r.id} />
                <TextAreaField
                  name="reason"
                  label={t('thread.hideReason')}
                  rows={2}
                  defaultValue={failedFor('hide', r.id)?.values.reason}
                  error={failedFor('hide', r.id)?.fieldErrors.reason}
                />
                <div className="actions">
                  <button type="submit" className="danger">
                    {t('thread.hideSubmit')}
                  </button>
                </div>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="keep" />
                <input type="hidden" name="contributionId" value={r.id} />
                <button type="submit" className="secondary">
                  {t('staff.keep')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>

      {data.canAnswer && c.status !== 'draft' ? (
        <section aria-labelledby="answers" className="stack">
          <h2 id="answers">{t('staff.answer.title', { n: data.unanswered.length })}</h2>
          {data.unanswered.length === 0 ? <p>{t('staff.answer.none')}</p> : null}
          <ul className="stack">
            {data.unanswered.map((u) => {
              const failed = failedFor('answer', u.id)
              return (
                <li key={u.id} className="card stack" id={`answer-${u.id}`}>
                  <p>
                    <strong>{u.author_name}</strong> ·{' '}
                    <DateTime iso={u.created_at} language={i18n.language} /> ·{' '}
                    <WrittenIn language={u.language} /> ·{' '}
                    <Link to={`/consultations/${c.id}/p/${u.paragraph_id ?? 'general'}`}>
                      {t('staff.answer.inContext')}
                    </Link>
                  </p>
                  <p className="pre-wrap" lang={u.language}>
                    {u.body}
                  </p>
                  {c.status === 'open' || c.status === 'closed' ? (
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="answer" />
                      <input type="hidden" name="contributionId" value={u.id} />
                      <SelectField
                        name="answer"
                        label={t('staff.answer.decision')}
                        defaultValue={failed?.values.answer ?? ''}
                        error={failed?.fieldErrors.answer}
                        options={[
                          { value: '', label: t('staff.answer.choose') },
                          ...(['accepted', 'partly_accepted', 'not_accepted'] as const).map((a) => ({
                            value: a,
                            label: t(`answers.${a}`),
                          })),
                        ]}
                      />
                      <TextAreaField
                        name="text"
                        label={t('staff.answer.justification')}
                        rows={3}
                        defaultValue={failed?.values.text}
                        error={failed?.fieldErrors.text}
                      />
                      <SelectField
                        name="target"
                        label={t('staff.answer.target')}
                        hint={t('staff.answer.targetHint')}
                        defaultValue={failed?.values.target ?? ''}
                        error={failed?.fieldErrors.target}
                        options={answerTargets}
                      />
                      <TextField
                        name="note"
                        label={t('staff.answer.note')}
                        defaultValue={failed?.values.note}
                        error={failed?.fieldErrors.note}
                      />
                      <button type="submit">{t('staff.answer.submit')}</button>
                    </Form>
                  ) : null}
                </li>
              )
            })}
          </ul>
        </section>
      ) : null}

      {data.canManage ? (
        <section aria-labelledby="translate" className="stack card">
          <h2 id="translate">{t('staff.translate.title')}</h2>
          <p>{t('staff.translate.intro')}</p>
          <Form method="get" className="inline-form">
            <SelectField
              name="tr"
              label={t('staff.translate.language')}
              defaultValue={tr ?? ''}
              options={[
                { value: '', label: t('staff.translate.choose') },
                ...TRANSLATION_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l })),
              ]}
            />
            <button type="submit" className="secondary">
              {t('staff.translate.open')}
            </button>
          </Form>
          {tr ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="translate" />
              <input type="hidden" name="language" value={tr} />
              <TextField
                name="title"
                label={t('staff.translate.field', { what: t('staff.fields.title') })}
                hint={pickText(c.title_i18n, 'pt-BR').text}
                lang={tr}
                defaultValue={(JSON.parse(c.title_i18n) as Record<string, string>)[tr] ?? ''}
              />
              <TextAreaField
                name="summary"
                label={t('staff.translate.field', { what: t('staff.fields.summary') })}
                hint={pickText(c.summary_i18n, 'pt-BR').text}
                lang={tr}
                rows={3}
                defaultValue={(JSON.parse(c.summary_i18n) as Record<string, string>)[tr] ?? ''}
              />
              {data.sections.map((s) => {
                const heading = JSON.parse(s.heading_i18n) as Record<string, string>
                return (
                  <fieldset key={s.id} className="stack">
                    <legend>{t('page.section', { n: s.position })}</legend>
                    {heading['pt-BR'] ? (
                      <TextField
                        name={`section_${s.id}`}
                        label={t('staff.translate.heading')}
                        hint={heading['pt-BR']}
                        lang={tr}
                        defaultValue={heading[tr] ?? ''}
                      />
                    ) : null}
                    {s.paragraphs.map((p) => {
                      const body = JSON.parse(p.body_i18n) as Record<string, string>
                      return (
                        <TextAreaField
                          key={p.id}
                          name={`paragraph_${p.id}`}
                          label={`§ ${p.ref}`}
                          hint={body['pt-BR']}
                          lang={tr}
                          rows={3}
                          defaultValue={body[tr] ?? ''}
                        />
                      )
                    })}
                  </fieldset>
                )
              })}
              <button type="submit">{t('staff.translate.save')}</button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {data.canManage && c.status === 'draft' ? (
        <>
          <section aria-labelledby="revise" className="stack card">
            <h2 id="revise">{t('staff.revise')}</h2>
            <FormErrorSummary errors={failedFor('revise')?.fieldErrors} />
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="revise" />
              <ConsultationFields
                options={data.options}
                errors={failedFor('revise')?.fieldErrors}
                values={failedFor('revise')?.values}
                defaults={data.defaults}
                selectedTargets={failedFor('revise')?.lists.targets}
              />
              <button type="submit">{t('staff.saveDraft')}</button>
            </Form>
          </section>
          <section aria-labelledby="questions" className="stack card">
            <h2 id="questions">{t('staff.questions', { n: data.questions.length })}</h2>
            <ol>
              {data.questions.map((q) => (
                <li key={q.id}>
                  <Localised json={q.prompt_i18n} /> ({t(`staff.questionKinds.${q.kind}`)})
                </li>
              ))}
            </ol>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="question" />
              <SelectField
                name="kind"
                label={t('staff.questionKind')}
                defaultValue={failedFor('question')?.values.kind ?? 'single'}
                error={failedFor('question')?.fieldErrors.kind}
                options={(['single', 'multiple', 'text'] as const).map((k) => ({
                  value: k,
                  label: t(`staff.questionKinds.${k}`),
                }))}
              />
              <TextField
                name="prompt"
                label={t('staff.questionPrompt')}
                defaultValue={failedFor('question')?.values.prompt}
                error={failedFor('question')?.fieldErrors.prompt}
              />
              <TextAreaField
                name="options"
                label={t('staff.questionOptions')}
                hint={t('staff.questionOptionsHint')}
                rows={4}
                defaultValue={failedFor('question')?.values.options}
                error={failedFor('question')?.fieldErrors.options}
              />
              <button type="submit" className="secondary">
                {t('staff.addQuestion')}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  )
}

/** <option> holds text only: the target's code and title in the reader's language. */
function optionText(
  value: string,
  options: {
    actions: { id: string; code: string; title_i18n: string }[]
    campaigns: { id: string; title_i18n: string; year: number }[]
  },
  language: string,
): string {
  const [kind, id] = value.split(':')
  if (kind === 'action') {
    const a = options.actions.find((x) => x.id === id)
    return a ? `${a.code} — ${pickText(a.title_i18n, language).text}` : value
  }
  const c = options.campaigns.find((x) => x.id === id)
  return c ? `${pickText(c.title_i18n, language).text} (${c.year})` : value
}
