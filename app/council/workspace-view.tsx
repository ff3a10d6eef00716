import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { AgendaProposalStatus, ConvocationResponse, MeetingStatus } from '../../db/schema'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextAreaField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { DateTime } from '../ui/time'
import { ItemKindFields } from './meeting-view'

// The pieces of "Meu conselho" (issue #18): each a plain form that works without JavaScript and
// keeps what was typed beside the translated error when it fails.

type Proposal = { id: string; title: string; status: AgendaProposalStatus; decline_reason: string | null }

/** The refusal of a form on this page, translated from the council's error codes. */
function FormError({ intent, target }: { intent: string; target: string }) {
  const { t } = useTranslation('council')
  const failed = useActionFailure()(intent, target)
  const code = failed?.fieldErrors.form
  return code ? (
    <p className="notice notice--error" role="alert">
      {t(`errors.${code}`)}
    </p>
  ) : null
}

export function ConvocationAnswer({
  meetingId,
  status,
  answer,
}: {
  meetingId: string
  status: MeetingStatus
  answer: ConvocationResponse | null
}) {
  const { t } = useTranslation('council')
  if (status !== 'convened') return <p className="hint">{t('workspace.answerAfterConvocation')}</p>
  return (
    <Form method="post" className="actions">
      <FormError intent="answer" target={meetingId} />
      <input type="hidden" name="target" value={meetingId} />
      <input type="hidden" name="meetingId" value={meetingId} />
      <p>{answer ? t(`workspace.answered.${answer}`) : t('workspace.notAnswered')}</p>
      <SubmitButton intent="answer" name="response" value="confirmed">
        {t('workspace.confirm')}
      </SubmitButton>{' '}
      <SubmitButton intent="answer" name="response" value="excused" className="secondary">
        {t('workspace.excuse')}
      </SubmitButton>
    </Form>
  )
}

export function ProposalList({ proposals }: { proposals: Proposal[] }) {
  const { t } = useTranslation('council')
  if (!proposals.length) return null
  return (
    <>
      <h4>{t('workspace.myProposals')}</h4>
      <ul className="stack">
        {proposals.map((p) => (
          <li key={p.id}>
            <bdi>{p.title}</bdi> — <strong>{t(`proposalStatuses.${p.status}`)}</strong>
            {p.decline_reason ? (
              <>
                {' '}
                (<bdi>{p.decline_reason}</bdi>)
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  )
}

export function ProposeItemForm({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation('council')
  const failed = useActionFailure()('propose', meetingId)
  return (
    <Form method="post" className="stack card">
      <h4>{t('workspace.propose')}</h4>
      <FormError intent="propose" target={meetingId} />
      <FormErrorSummary errors={failed?.fieldErrors} />
      <input type="hidden" name="target" value={meetingId} />
      <input type="hidden" name="meetingId" value={meetingId} />
      <TextField
        name="title"
        label={t('meeting.itemTitle')}
        maxLength={200}
        defaultValue={failed?.values.title}
        error={failed?.fieldErrors.title}
      />
      <TextAreaField
        name="description"
        label={t('meeting.itemDescription')}
        rows={3}
        defaultValue={failed?.values.description}
        error={failed?.fieldErrors.description}
      />
      <SubmitButton intent="propose">{t('workspace.proposeSubmit')}</SubmitButton>
    </Form>
  )
}

type Comment = { id: string; text: string; created_at: string; display_name: string }

export function CommentList({ comments }: { comments: Comment[] }) {
  const { t, i18n } = useTranslation('council')
  if (!comments.length) return <p>{t('workspace.noComments')}</p>
  return (
    <ul className="stack">
      {comments.map((c) => (
        <li key={c.id} className="card">
          <p>
            <strong>
              <bdi>{c.display_name}</bdi>
            </strong>{' '}
            · <DateTime iso={c.created_at} language={i18n.language} />
          </p>
          <p className="prewrap" dir="auto">
            {c.text}
          </p>
        </li>
      ))}
    </ul>
  )
}

/** A comment form; `fields` are the hidden fields naming what is commented on. */
export function CommentForm({
  intent,
  target,
  fields,
  label,
}: {
  intent: string
  target: string
  fields: Record<string, string>
  label: string
}) {
  const { t } = useTranslation('council')
  const failed = useActionFailure()(intent, target)
  return (
    <Form method="post" className="stack">
      <FormError intent={intent} target={target} />
      <input type="hidden" name="target" value={target} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextAreaField
        name="text"
        label={label}
        rows={3}
        defaultValue={failed?.values.text}
        error={failed?.fieldErrors.text}
      />
      <SubmitButton intent={intent}>{t('workspace.commentSubmit')}</SubmitButton>
    </Form>
  )
}

export function BodyHeading({ name, role, id }: { name: string; role: 'full' | 'alternate'; id: string }) {
  const { t } = useTranslation('council')
  return (
    <h2 id={`body-${id}`}>
      <Link to={`/council/bodies/${id}`}>
        <Localised json={name} />
      </Link>{' '}
      <span className="badge">{t(`roles.${role}`)}</span>
    </h2>
  )
}

// ---- What the secretariat sees of the members' workspace on a meeting's page ----

type StaffProposal = Proposal & { description: string | null; display_name: string; created_at: string }

export function ProposalsForStaff({ proposals, open }: { proposals: StaffProposal[]; open: boolean }) {
  const { t } = useTranslation('council')
  const failure = useActionFailure()
  return (
    <section aria-labelledby="proposals" className="stack">
      <h2 id="proposals">{t('workspace.proposals')}</h2>
      {proposals.length === 0 ? <p>{t('workspace.noProposals')}</p> : null}
      <ul className="stack">
        {proposals.map((p) => {
          const failed = [failure('decline'), failure('accept')].find((f) => f?.values.proposalId === p.id)
          return (
            <li key={p.id} className="card stack">
              <p>
                <strong>
                  <bdi>{p.title}</bdi>
                </strong>{' '}
                — <bdi>{p.display_name}</bdi> · <strong>{t(`proposalStatuses.${p.status}`)}</strong>
                {p.decline_reason ? (
                  <>
                    {' '}
                    (<bdi>{p.decline_reason}</bdi>)
                  </>
                ) : null}
              </p>
              {p.description ? (
                <p className="prewrap" dir="auto">
                  {p.description}
                </p>
              ) : null}
              {open && p.status === 'pending' ? (
                <Form method="post" className="stack">
                  {failed?.fieldErrors.form ? (
                    <p className="notice notice--error" role="alert">
                      {t(`errors.${failed.fieldErrors.form}`)}
                    </p>
                  ) : null}
                  <input type="hidden" name="proposalId" value={p.id} />
                  <ItemKindFields
                    failed={failed}
                    defaultKind="information"
                    motionHint={t('workspace.motionHint')}
                  />
                  <SubmitButton intent="accept">{t('workspace.accept')}</SubmitButton>
                  <TextField
                    name="reason"
                    label={t('workspace.declineReason')}
                    maxLength={500}
                    defaultValue={failed?.values.reason}
                    error={failed?.fieldErrors.reason}
                  />
                  <SubmitButton intent="decline" className="secondary">
                    {t('workspace.decline')}
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

export function ConvocationAnswers({
  answers,
}: {
  answers: {
    member_id: string
    response: ConvocationResponse
    display_name: string
    role: 'full' | 'alternate'
  }[]
}) {
  const { t } = useTranslation('council')
  return (
    <section aria-labelledby="answers" className="stack">
      <h2 id="answers">{t('workspace.answers')}</h2>
      {answers.length === 0 ? <p>{t('workspace.noAnswers')}</p> : null}
      <ul>
        {answers.map((a) => (
          <li key={a.member_id}>
            <bdi>{a.display_name}</bdi> ({t(`roles.${a.role}`)}): {t(`workspace.answered.${a.response}`)}
          </li>
        ))}
      </ul>
    </section>
  )
}
