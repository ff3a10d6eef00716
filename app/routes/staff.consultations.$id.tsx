import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import {
  addQuestion,
  advanceConsultation,
  reviseDraft,
  saveTranslation,
  targetOptions,
} from '../consultations/authoring.server'
import {
  DraftQuestions,
  DraftRevision,
  StatusStep,
  TranslationSection,
} from '../consultations/authoring-view'
import {
  answerContribution,
  dismissReports,
  hideContribution,
  moderationQueue,
  unansweredContributions,
} from '../consultations/moderation.server'
import { AnswerQueue, ModerationQueue } from '../consultations/moderation-view'
import { getConsultation } from '../consultations/reading.server'
import {
  AnswerSchema,
  ConsultationSchema,
  ContributionRefSchema,
  HideSchema,
  QuestionSchema,
  StatusSchema,
  TranslationLanguageSchema,
  TranslationSchema,
} from '../consultations/schemas.server'
import { draftDefaults } from '../consultations/staff-view'
import { ConsultationStatusBadge } from '../consultations/view'
import { getDb } from '../lib/db.server'
import { noticeRunOf } from '../notices/runs.server'
import { formAction, intent } from '../lib/form-action.server'
import { publicOrigin } from '../lib/env.server'
import { DoneNotice, useActionFailure } from '../ui/action-feedback'
import { Localised } from '../ui/localised'

export const handle = { i18n: ['consultations', 'notices'], title: 'consultations:staff.manageTitle' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'consultations.moderate')
  const db = getDb()
  const found = await getConsultation(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const actor = toActor(user)
  const canManage = can(actor, 'consultations.manage')
  const canAnswer = can(actor, 'consultations.answer')
  const tr = TranslationLanguageSchema.safeParse(new URL(request.url).searchParams.get('tr'))
  const id = found.consultation.id
  return json({
    ...found,
    canManage,
    canAnswer,
    translating: tr.success ? tr.data : null,
    defaults: draftDefaults(found),
    options: canManage || canAnswer ? await targetOptions(db) : { actions: [], campaigns: [] },
    reported: await moderationQueue(db, id),
    unanswered: canAnswer ? await unansweredContributions(db, id) : [],
    closingNotice: (await noticeRunOf(db, { template: 'consultation_closed', subjectId: id })) ?? null,
  })
}

const DONE = [
  'created',
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
        schema: ContributionRefSchema,
        run: ({ db, user, data }) => dismissReports(db, { actorUserId: user.id, ...data }),
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
          answerContribution(db, { actorUserId: user.id, ...data, origin: publicOrigin() }),
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
        schema: ConsultationSchema,
        shape: { lists: ['targets'] },
        run: ({ db, user, data }) => reviseDraft(db, { actorUserId: user.id, id, ...data }),
        done: 'revised',
      }),
      question: intent({
        permission: 'consultations.manage',
        schema: QuestionSchema,
        run: ({ db, user, data }) => addQuestion(db, { actorUserId: user.id, consultationId: id, ...data }),
        done: 'question',
      }),
      translate: intent({
        permission: 'consultations.manage',
        schema: TranslationSchema,
        shape: { maps: { sections: 'section_', paragraphs: 'paragraph_' } },
        run: ({ db, user, data }) => saveTranslation(db, { actorUserId: user.id, id, ...data }),
        done: 'translated',
        suffix: (data) => `&tr=${data.language}`,
      }),
    },
  })
}

export default function ManageConsultation() {
  const { t } = useTranslation('consultations')
  const data = useLoaderData<typeof loader>()
  const formError = useActionFailure()()?.fieldErrors.form
  const c = data.consultation
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
      {data.closingNotice ? (
        <p>
          {data.closingNotice.total === null
            ? t('notices:staff.pending', { kind: t('notices:runs.consultation_closed') })
            : t('notices:staff.progress', {
                kind: t('notices:runs.consultation_closed'),
                queued: String(data.closingNotice.queued),
                total: String(data.closingNotice.total),
              })}
        </p>
      ) : null}
      {data.canManage ? <StatusStep status={c.status} /> : null}
      <ModerationQueue reported={data.reported} />
      {data.canAnswer && c.status !== 'draft' ? (
        <AnswerQueue consultation={c} unanswered={data.unanswered} options={data.options} />
      ) : null}
      {data.canManage ? (
        <TranslationSection consultation={c} sections={data.sections} translating={data.translating} />
      ) : null}
      {data.canManage && c.status === 'draft' ? (
        <>
          <DraftRevision options={data.options} defaults={data.defaults} />
          <DraftQuestions questions={data.questions} />
        </>
      ) : null}
    </div>
  )
}
