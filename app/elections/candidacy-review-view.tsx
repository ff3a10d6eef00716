import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { CandidacyStatus, ElectionPhase } from '../../db/schema'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { isolate, Localised } from '../ui/localised'
import { TextAreaField } from '../ui/form'
import { formatDate } from '../ui/format'
import { DateTime } from '../ui/time'
import { contestTitle } from './ballot-form'
import { canDecide } from './phases'

export type CandidacyForReview = {
  id: string
  display_name: string
  organisation_name: string | null
  alternate_representative_name: string | null
  representative_document_type: string | null
  representative_document_number: string | null
  birth_date: string
  kind: string
  status: CandidacyStatus
  decision_reason: string | null
  appeal_text: string | null
  appeal_deadline: string | null
  statement_i18n: string
  contest_kind: string
  segment: string | null
  subprefecture: string | null
  proofs: { id: string; mime_type: string; size_bytes: number }[]
}

/** One candidacy in the commission's review list, with accept and reject forms when it can be decided. */
export function CandidacyReview({
  candidacy: c,
  phase,
  electionId,
}: {
  candidacy: CandidacyForReview
  phase: ElectionPhase
  electionId: string
}) {
  const { t, i18n } = useTranslation(['elections', 'common'])
  const failed = useActionFailure()('decide', c.id)
  return (
    <article className="card stack" aria-labelledby={`cand-${c.id}`}>
      <h3 id={`cand-${c.id}`}>
        <bdi>{c.organisation_name ?? c.display_name}</bdi>{' '}
        <span className={`status-badge status-badge--${c.status}`}>{t(`candidacyStatus.${c.status}`)}</span>
      </h3>
      <p>
        {contestTitle(t, { kind: c.contest_kind, segment: c.segment, subprefecture: c.subprefecture })} ·{' '}
        {t(`kinds.${c.kind}`)}
        {c.organisation_name ? ` · ${t('contest.represented', { name: isolate(c.display_name) })}` : ''}
      </p>
      {c.kind === 'organisation' ? <OrganisationDetails candidacy={c} electionId={electionId} /> : null}
      <Localised as="p" className="pre-wrap" json={c.statement_i18n} />
      {c.decision_reason ? (
        <p>
          {t('overview.reason')}: <bdi>{c.decision_reason}</bdi>
        </p>
      ) : null}
      {c.status === 'rejected' && !c.appeal_text && c.appeal_deadline ? (
        <p>
          {t('manage.appealDeadline')}: <DateTime iso={c.appeal_deadline} language={i18n.language} />
        </p>
      ) : null}
      {c.appeal_text ? (
        <p>
          {t('manage.appeal')}: <bdi className="pre-wrap">{c.appeal_text}</bdi>
        </p>
      ) : null}
      {canDecide(phase, c.status) ? (
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="candidacyId" value={c.id} />
            <input type="hidden" name="decision" value="accept" />
            <SubmitButton>{t('manage.accept')}</SubmitButton>
          </Form>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="candidacyId" value={c.id} />
            <input type="hidden" name="decision" value="reject" />
            <TextAreaField
              name="reason"
              label={t('manage.reason')}
              rows={2}
              defaultValue={failed?.values.reason}
              error={failed?.fieldErrors.reason}
            />
            <SubmitButton className="danger">{t('manage.reject')}</SubmitButton>
          </Form>
        </div>
      ) : null}
    </article>
  )
}

/** Who represents the organisation and the files proving its work, for the commission only (#17). */
function OrganisationDetails({
  candidacy: c,
  electionId,
}: {
  candidacy: CandidacyForReview
  electionId: string
}) {
  const { t, i18n } = useTranslation('elections')
  return (
    <div className="stack">
      <ul>
        <li>{t('manage.representative', { name: isolate(c.display_name) })}</li>
        {c.representative_document_type ? (
          <li>
            {t('manage.representativeDocument', {
              type: t(`apply.documentTypes.${c.representative_document_type}`),
              number: isolate(c.representative_document_number ?? ''),
            })}
          </li>
        ) : null}
        <li>{t('manage.representativeBorn', { date: formatDate(c.birth_date, i18n.language) })}</li>
        {c.alternate_representative_name ? (
          <li>{t('manage.alternate', { name: isolate(c.alternate_representative_name) })}</li>
        ) : null}
      </ul>
      <h4>{t('manage.proofs')}</h4>
      {c.proofs.length === 0 ? (
        <p>{t('manage.noProofs')}</p>
      ) : (
        <ul>
          {c.proofs.map((p, i) => (
            <li key={p.id}>
              <a href={`/staff/elections/${electionId}/candidacies/${c.id}/proofs/${p.id}`}>
                {t('manage.proofFile', {
                  n: i + 1,
                  type:
                    p.mime_type === 'application/pdf'
                      ? 'PDF'
                      : p.mime_type.replace('image/', '').toUpperCase(),
                  size: Math.max(1, Math.round(p.size_bytes / 1024)),
                })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
