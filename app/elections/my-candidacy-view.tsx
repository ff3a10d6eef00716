import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { ElectionPhase } from '../../db/schema'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, SelectField, TextAreaField, TextField } from '../ui/form'
import { contestTitle } from './ballot-form'
import { DateTime } from '../ui/time'
import { canWithdraw } from './phases'

export type MyCandidacy = {
  id: string
  contest_id: string
  kind: string
  representative_name: string | null
  status: string
  decision_reason: string | null
  /** Until when a rejection may be appealed (the date its notice gave). */
  appeal_deadline: string | null
  /** Whether the appeal form is open now (asked on the server: appealOpen). */
  appeal_open: boolean
}

type ContestName = { id: string; kind: string; segment: string | null; subprefecture: string | null }

/**
 * A candidate's own candidacy on the election page, with what they may still do in this phase:
 * name the organisation's representative, appeal a refusal, translate the statement, withdraw.
 */
export function MyCandidacyCard({
  candidacy: c,
  contests,
  phase,
}: {
  candidacy: MyCandidacy
  contests: ContestName[]
  phase: ElectionPhase
}) {
  const { t, i18n } = useTranslation(['elections', 'common'])
  const failedFor = useActionFailure()
  const contest = contests.find((x) => x.id === c.contest_id) ?? {
    kind: 'segment',
    segment: null,
    subprefecture: null,
  }
  return (
    <div className="card stack">
      <p>
        {contestTitle(t, contest)} ·{' '}
        <span className={`status-badge status-badge--${c.status}`}>{t(`candidacyStatus.${c.status}`)}</span>
      </p>
      {c.decision_reason ? (
        <p>
          {t('overview.reason')}: <bdi>{c.decision_reason}</bdi>
        </p>
      ) : null}
      {c.kind === 'organisation' &&
      phase !== 'closed' &&
      c.status !== 'withdrawn' &&
      c.status !== 'rejected' ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="representative" />
          <input type="hidden" name="candidacyId" value={c.id} />
          <TextField
            name="name"
            label={t('overview.representative')}
            hint={t('overview.representativeHint')}
            defaultValue={failedFor('representative', c.id)?.values.name ?? c.representative_name ?? ''}
            error={failedFor('representative', c.id)?.fieldErrors.name}
          />
          <SubmitButton className="secondary">{t('overview.saveRepresentative')}</SubmitButton>
        </Form>
      ) : null}
      {c.status === 'rejected' && c.appeal_deadline ? (
        <p>
          {t(c.appeal_open ? 'overview.appealUntil' : 'overview.appealClosed')}{' '}
          <DateTime iso={c.appeal_deadline} language={i18n.language} />.
        </p>
      ) : null}
      {c.appeal_open ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="appeal" />
          <input type="hidden" name="candidacyId" value={c.id} />
          <TextAreaField
            name="text"
            label={t('overview.appealText')}
            defaultValue={failedFor('appeal', c.id)?.values.text}
            error={failedFor('appeal', c.id)?.fieldErrors.text}
          />
          <SubmitButton>{t('overview.appeal')}</SubmitButton>
        </Form>
      ) : null}
      {canWithdraw(phase) && c.status !== 'withdrawn' ? (
        <>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="translate" />
            <input type="hidden" name="candidacyId" value={c.id} />
            <h3>{t('overview.translateTitle')}</h3>
            <SelectField
              name="language"
              label={t('overview.translateLanguage')}
              options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
              defaultValue={failedFor('translate', c.id)?.values.language}
              error={failedFor('translate', c.id)?.fieldErrors.language}
            />
            <TextAreaField
              name="text"
              label={t('overview.translateText')}
              defaultValue={failedFor('translate', c.id)?.values.text}
              error={failedFor('translate', c.id)?.fieldErrors.text}
            />
            <SubmitButton className="secondary">{t('overview.translate')}</SubmitButton>
          </Form>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="candidacyId" value={c.id} />
            <CheckboxField
              name="confirm"
              label={t('overview.withdrawConfirm')}
              error={failedFor('withdraw', c.id)?.fieldErrors.confirm}
            />
            <SubmitButton className="danger">{t('overview.withdraw')}</SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  )
}
