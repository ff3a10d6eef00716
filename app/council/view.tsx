import { useTranslation } from 'react-i18next'
import type { MeetingStatus } from '../../db/schema'
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/config'
import { TextAreaField } from '../ui/form'

export function MeetingStatusBadge({ status }: { status: MeetingStatus }) {
  const { t } = useTranslation('council')
  return <span className={`status-badge status-badge--${status}`}>{t(`meetingStatuses.${status}`)}</span>
}

export type QuorumView = {
  filled: number
  seats: number
  toOpen: number
  toDeliberate: number
  canOpen: boolean
  canDeliberate: boolean
}

/** The quorum as numbers and words, announced politely when it changes (aria-live). */
export function QuorumPanel({ quorum }: { quorum: QuorumView }) {
  const { t } = useTranslation('council')
  return (
    <div className={`quorum ${quorum.canDeliberate ? 'quorum--ok' : ''}`} aria-live="polite">
      <p>
        <strong>{t('quorum.filled', { filled: quorum.filled, seats: quorum.seats })}</strong>
      </p>
      <p>
        {t('quorum.toOpen', { n: quorum.toOpen })}: {quorum.canOpen ? t('quorum.yes') : t('quorum.no')} ·{' '}
        {t('quorum.toDeliberate', { n: quorum.toDeliberate })}:{' '}
        {quorum.canDeliberate ? t('quorum.yes') : t('quorum.no')}
      </p>
    </div>
  )
}

/** Summary in Portuguese (official) and optional translations, one field per language. */
export function SummaryFields({ current }: { current: Record<string, string> }) {
  const { t } = useTranslation('council')
  return (
    <fieldset className="stack">
      <legend>{t('summary.legend')}</legend>
      {LANGUAGES.map((l) => (
        <TextAreaField
          key={l}
          name={`summary_${l}`}
          label={LANGUAGE_NAMES[l]}
          lang={l}
          rows={2}
          defaultValue={current[l] ?? ''}
        />
      ))}
    </fieldset>
  )
}
