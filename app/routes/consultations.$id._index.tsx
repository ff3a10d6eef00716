import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { answerQuestions, myAnswers } from '../consultations/contributions.server'
import { QuestionsSection } from '../consultations/questions-view'
import { getConsultation } from '../consultations/reading.server'
import { AnswersSchema } from '../consultations/schemas.server'
import { reportReady } from '../consultations/status'
import { ConsultationStatusBadge, ConsultationText, TargetName } from '../consultations/view'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice } from '../ui/action-feedback'
import { Localised } from '../ui/localised'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['consultations'],
  title: 'consultations:page.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: {
    tables: [
      'campaigns',
      'consultation_paragraphs',
      'consultation_questions',
      'consultation_sections',
      'consultation_targets',
      'consultations',
      'contributions',
      'plan_actions',
    ],
  },
}

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
    answers:
      user && found.questions.length
        ? await myAnswers(db, { consultationId: consultation.id, userId: user.id })
        : {},
  })
}

const DONE = ['answered'] as const

export async function action(args: ActionFunctionArgs) {
  const consultationId = args.params.id ?? ''
  return formAction(args, {
    permission: 'consultations.contribute',
    back: `/consultations/${consultationId}`,
    done: DONE,
    handler: intent({
      permission: 'consultations.contribute',
      schema: AnswersSchema,
      shape: { listMaps: { answers: 'q_' } },
      run: ({ db, user, data }) => answerQuestions(db, { userId: user.id, consultationId, ...data }),
      done: 'answered',
      suffix: () => '#questions',
    }),
  })
}

export default function ConsultationPage() {
  const { t, i18n } = useTranslation('consultations')
  const data = useLoaderData<typeof loader>()
  const { consultation: c } = data
  const base = `/consultations/${c.id}`
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
      {reportReady(c.status) ? (
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

      <ConsultationText
        base={base}
        sections={data.sections}
        generalComments={data.generalComments}
        accepting={data.accepting}
      />

      {data.questions.length ? (
        <QuestionsSection
          questions={data.questions}
          answers={data.answers}
          accepting={data.accepting}
          signedIn={data.signedIn}
          loginTo={base}
          doneNotice={<DoneNotice keys={DONE} message={() => t('questions.saved')} />}
        />
      ) : null}
    </div>
  )
}
