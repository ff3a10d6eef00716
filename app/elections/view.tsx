import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ELECTION_PHASES, type ElectionPhase } from '../../db/schema'
import { Localised } from '../ui/localised'
import { PhaseSteps } from '../ui/phase-steps'
import { Arrow } from '../ui/icons'

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
        <Arrow kind="back" /> <Localised json={election.title_i18n} />
      </Link>
    </p>
  )
}
