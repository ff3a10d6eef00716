import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TargetName, type TargetView } from '../consultations/view'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { TextAreaField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { DateTime } from '../ui/time'

type Linked = { id: string; title: string; title_i18n: string | null }

/** Where a proposal went (merged into, became plan actions) and where it came from (its originals). */
export function ProposalLineage({
  base,
  mergedInto,
  outcomes,
  originals,
  allOrigins,
}: {
  base: string
  mergedInto: Linked | null
  outcomes: (TargetView & { note: string | null })[]
  originals: Linked[]
  allOrigins: number
}) {
  const { t } = useTranslation('conference')
  return (
    <>
      {mergedInto ? (
        <p className="notice">
          {t('proposal.mergedInto')}{' '}
          <Link to={`${base}/${mergedInto.id}`}>
            <Localised json={mergedInto.title_i18n} />
          </Link>
        </p>
      ) : null}
      {outcomes.length ? (
        <section aria-labelledby="became">
          <h2 id="became">{t('proposal.became')}</h2>
          <ul>
            {outcomes.map((o) => (
              <li key={o.action_id ?? o.campaign_id}>
                <TargetName target={o} />
                {o.note ? ` — ${o.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {originals.length ? (
        <section aria-labelledby="originals">
          <h2 id="originals">{t('proposal.originals', { n: allOrigins })}</h2>
          <ul>
            {originals.map((o) => (
              <li key={o.id}>
                <Link to={`${base}/${o.id}`}>
                  <Localised json={o.title_i18n} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}

/** The debate under a proposal: its comments, and the form to add one while the debate is open. */
export function ProposalComments({
  comments,
  debateOpen,
  signedIn,
  loginTo,
}: {
  comments: { id: string; author_name: string; body: string; created_at: string }[]
  debateOpen: boolean
  signedIn: boolean
  loginTo: string
}) {
  const { t, i18n } = useTranslation('conference')
  const failed = useActionFailure()('comment')
  return (
    <section aria-labelledby="comments" className="stack">
      <h2 id="comments">{t('proposal.comments', { n: comments.length })}</h2>
      <ul className="stack comment-list">
        {comments.map((c) => (
          <li key={c.id} className="card">
            <p>
              <strong>
                <bdi>{c.author_name}</bdi>
              </strong>{' '}
              · <DateTime iso={c.created_at} language={i18n.language} />
            </p>
            <p className="pre-wrap" dir="auto">
              {c.body}
            </p>
          </li>
        ))}
      </ul>
      {debateOpen ? (
        signedIn ? (
          <Form method="post" className="stack">
            <TextAreaField
              name="body"
              label={t('proposal.yourComment')}
              rows={3}
              defaultValue={failed?.values.body}
              error={failed?.fieldErrors.body}
            />
            <SubmitButton intent="comment">{t('proposal.comment')}</SubmitButton>
          </Form>
        ) : (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(loginTo)}`}>
              {t('proposal.loginToComment')}
            </Link>
          </p>
        )
      ) : null}
    </section>
  )
}

/** The secretariat's decisions on one proposal during systematisation. */
export function SystematiseForms({
  proposal,
}: {
  proposal: { title: string; body: string; justification: string | null }
}) {
  const { t } = useTranslation('conference')
  const failedFor = useActionFailure()
  const edit = failedFor('edit')
  const reject = failedFor('reject')
  return (
    <section aria-labelledby="systematise" className="stack card">
      <h2 id="systematise">{t('systematise.title')}</h2>
      <div className="actions">
        <Form method="post">
          <SubmitButton intent="keep" className="secondary">
            {t('systematise.keep')}
          </SubmitButton>
        </Form>
        <Form method="post">
          <SubmitButton intent="motion" className="secondary">
            {t('systematise.motion')}
          </SubmitButton>
        </Form>
      </div>
      <Form method="post" className="stack">
        <TextField
          name="title"
          label={t('propose.titleField')}
          defaultValue={edit ? edit.values.title : proposal.title}
          error={edit?.fieldErrors.title}
        />
        <TextAreaField
          name="body"
          label={t('propose.body')}
          rows={5}
          defaultValue={edit ? edit.values.body : proposal.body}
          error={edit?.fieldErrors.body}
        />
        <TextAreaField
          name="justification"
          label={t('propose.justification')}
          rows={3}
          defaultValue={edit ? edit.values.justification : (proposal.justification ?? '')}
        />
        <SubmitButton intent="edit" className="secondary">
          {t('systematise.edit')}
        </SubmitButton>
      </Form>
      <Form method="post" className="stack">
        <TextAreaField
          name="reason"
          label={t('systematise.reason')}
          rows={2}
          defaultValue={reject?.values.reason}
          error={reject?.fieldErrors.reason}
        />
        <SubmitButton intent="reject" className="danger">
          {t('systematise.reject')}
        </SubmitButton>
      </Form>
    </section>
  )
}
