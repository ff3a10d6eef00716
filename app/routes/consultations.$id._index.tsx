import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { answerQuestions, getConsultation, myAnswers } from '../consultations/consultations.server'
import { ConsultationStatusBadge, TargetName } from '../consultations/view'
import { Localised } from '../ui/localised'
import { pickText } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { RadioGroup, TextAreaField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['consultations'], title: 'consultations:page.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'consultations.view')
  const db = getDb()
  const found = await getConsultation(db, params.id ?? '')
  const canManage = can(toActor(user), 'consultations.manage')
  // Drafts are visible to the secretariat only (to proof-read before publishing).
  if (!found || (found.consultation.status === 'draft' && !canManage))
    throw new Response('Not found', { status: 404 })
  const { created_by: _c, ...consultation } = found.consultation
  return json({
    ...found,
    consultation,
    signedIn: Boolean(user),
    canManage,
    answers: user && found.questions.length ? await myAnswers(db, consultation.id, user.id) : {},
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'consultations.contribute'))!
  const formData = await readForm(request)
  const db = getDb()
  const id = params.id ?? ''
  const answers: Record<string, string[]> = {}
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('q_') && typeof value === 'string')
      (answers[key.slice(2)] ??= []).push(value.slice(0, 2000))
  }
  const result = await answerQuestions(db, { userId: user.id, consultationId: id, answers })
  if (!result.ok) {
    const field = result.field ?? 'form'
    return json(failure({ [field]: result.error }, formData), {
      status: result.error === 'not_found' ? 404 : result.error === 'invalid_answer' ? 400 : 409,
    })
  }
  return redirect(`/consultations/${id}?done=answered#questions`)
}

export default function ConsultationPage() {
  const { t, i18n } = useTranslation('consultations')
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { consultation: c, sections } = data
  const errors = actionData?.fieldErrors
  const base = `/consultations/${c.id}`
  const reportReady = c.status === 'closed' || c.status === 'answered'
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/consultations">{t('list.title')}</Link>
      </p>
      <Localised as="h1" json={c.title_i18n} />
      <p>
        <ConsultationStatusBadge status={c.status} accepting={data.accepting} />
      </p>
      <Localised as="p" className="lead" json={c.summary_i18n} />
      <dl className="summary-list">
        <dt>{t('page.opens')}</dt>
        <dd>
          <DateTime iso={c.opens_at} language={i18n.language} />
        </dd>
        <dt>{t('page.closes')}</dt>
        <dd>
          <DateTime iso={c.closes_at} language={i18n.language} />
        </dd>
      </dl>
      {data.accepting ? (
        <p className="notice">{data.signedIn ? t('page.howTo') : t('page.howToSignIn')}</p>
      ) : null}
      {reportReady ? (
        <p>
          <Link className="button" to={`${base}/report`}>
            {t('page.readReport')}
          </Link>
        </p>
      ) : null}
      {data.canManage ? (
        <p>
          <Link to={`/staff/consultations/${c.id}`}>{t('page.manage')}</Link>
        </p>
      ) : null}

      {data.targets.length ? (
        <section aria-labelledby="targets">
          <h2 id="targets">{t('page.mayAffect')}</h2>
          <ul>
            {data.targets.map((target) => (
              <li key={target.action_id ?? target.campaign_id}>
                <TargetName target={target} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="text" className="stack">
        <h2 id="text">{t('page.text')}</h2>
        {sections.map((s) => {
          const heading = pickText(s.heading_i18n, i18n.language)
          return (
            <section
              key={s.id}
              className="stack consultation-section"
              aria-label={heading.text || t('page.section', { n: s.position })}
            >
              {heading.text ? (
                <h3 lang={heading.lang}>
                  {s.position}. {heading.text}
                </h3>
              ) : null}
              {s.paragraphs.map((p) => {
                const body = pickText(p.body_i18n, i18n.language)
                return (
                  <div key={p.id} className="paragraph" id={`p-${p.id}`}>
                    <p className="paragraph__ref muted">§ {p.ref}</p>
                    <p lang={body.lang} className="pre-wrap">
                      {body.text}
                    </p>
                    {body.lang !== i18n.language && i18n.language !== 'pt-BR' ? (
                      <p className="muted">{t('page.notTranslated')}</p>
                    ) : null}
                    <p>
                      <Link to={`${base}/p/${p.id}`}>
                        {data.accepting
                          ? t('page.commentParagraph', { n: p.comments, ref: p.ref })
                          : t('page.readParagraph', { n: p.comments, ref: p.ref })}
                      </Link>
                    </p>
                  </div>
                )
              })}
            </section>
          )
        })}
        <p>
          <Link to={`${base}/p/general`}>{t('page.generalComments', { n: data.generalComments })}</Link>
        </p>
      </section>

      {data.questions.length ? (
        <section aria-labelledby="questions" className="stack card">
          <h2 id="questions">{t('questions.title')}</h2>
          {params.get('done') === 'answered' ? (
            <p className="notice notice--ok" role="status">
              {t('questions.saved')}
            </p>
          ) : null}
          {errors?.form ? (
            <p className="notice notice--error" role="alert">
              {t(`errors.${errors.form}`)}
            </p>
          ) : null}
          {data.accepting && data.signedIn ? (
            <Form method="post" className="stack">
              {data.questions.map((q) => {
                const prompt = <Localised json={q.prompt_i18n} />
                const name = `q_${q.id}`
                const given = actionData?.values
                  ? actionData.values[name]
                    ? [actionData.values[name]!]
                    : []
                  : (data.answers[q.id] ?? [])
                if (q.kind === 'text')
                  return (
                    <TextAreaField
                      key={q.id}
                      name={name}
                      label={pickText(q.prompt_i18n, i18n.language).text}
                      rows={3}
                      defaultValue={given[0]}
                      error={errors?.[name]}
                    />
                  )
                const options = (
                  JSON.parse(q.options_i18n ?? '[]') as { key: string; label: Record<string, string> }[]
                ).map((o) => ({ value: o.key, label: <Localised json={o.label} /> }))
                return (
                  <RadioGroup
                    key={q.id}
                    name={name}
                    legend={prompt}
                    options={options}
                    multiple={q.kind === 'multiple'}
                    defaultValue={given}
                    error={errors?.[name]}
                    hint={q.kind === 'multiple' ? t('questions.multipleHint') : undefined}
                  />
                )
              })}
              <button type="submit">{t('questions.submit')}</button>
            </Form>
          ) : (
            <ul>
              {data.questions.map((q) => (
                <li key={q.id}>
                  <Localised json={q.prompt_i18n} />
                </li>
              ))}
            </ul>
          )}
          {data.accepting && !data.signedIn ? (
            <p>
              <Link to={`/login?redirectTo=${encodeURIComponent(base)}`}>{t('page.signInToTakePart')}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  )
}
