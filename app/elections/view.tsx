import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ELECTION_PHASES, type ElectionPhase } from '../../db/schema'
import { pickText } from '../i18n/config'
import { PhaseSteps } from '../ui/phase-steps'

/** Author-written text in the reader's language when available, marked with its real language. */
export function Localised({
  json,
  as: Tag = 'span',
  className,
}: {
  json: string | Record<string, string | undefined>
  as?: 'span' | 'p' | 'h1' | 'h2' | 'h3'
  className?: string
}) {
  const { i18n } = useTranslation()
  const { text, lang } = pickText(json, i18n.language)
  return (
    <Tag lang={lang} className={className}>
      {text}
    </Tag>
  )
}

export function PhaseBadge({ phase }: { phase: ElectionPhase }) {
  const { t } = useTranslation('elections')
  return <span className={`status-badge status-badge--${phase}`}>{t(`phases.${phase}`)}</span>
}

export function PhaseTimeline({ phase }: { phase: ElectionPhase }) {
  const { t } = useTranslation('elections')
  return (
    <PhaseSteps
      phases={ELECTION_PHASES}
      current={phase}
      label={t('overview.calendar')}
      labelOf={(p) => t(`phases.${p}`)}
    />
  )
}

/** The way back from any election sub-page to the election's overview. */
export function BackToElection({
  election,
  to,
}: {
  election: { id: string; title_i18n: string }
  to?: string
}) {
  return (
    <p className="no-print">
      <Link to={to ?? `/elections/${election.id}`}>
        ← <Localised json={election.title_i18n} />
      </Link>
    </p>
  )
}
