import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CONFERENCE_PHASES, type ConferencePhase } from '../../db/schema'
import { Localised } from '../ui/localised'
import { PhaseSteps } from '../ui/phase-steps'

export type AxisView = { id: string; kind: string; code: string | null; name_i18n: string | null }

/** Thematic axes are named by the reference translations; cross-cutting ones by their authors. */
export function AxisName({ axis }: { axis: AxisView | undefined }) {
  const { t } = useTranslation('reference')
  if (!axis) return null
  if (axis.code) return <>{t(`reference:axes.${axis.code}`)}</>
  return <Localised json={axis.name_i18n ?? '{}'} />
}

export function useAxisLabel() {
  const { t, i18n } = useTranslation('reference')
  return (axis: AxisView | undefined) => {
    if (!axis) return ''
    if (axis.code) return t(`reference:axes.${axis.code}`)
    const names = JSON.parse(axis.name_i18n ?? '{}') as Record<string, string>
    return names[i18n.language] ?? names['pt-BR'] ?? Object.values(names)[0] ?? ''
  }
}

export function ConferencePhaseBadge({ phase }: { phase: ConferencePhase }) {
  const { t } = useTranslation('conference')
  return <span className={`status-badge status-badge--${phase}`}>{t(`phases.${phase}`)}</span>
}

export function ConferenceTimeline({ phase }: { phase: ConferencePhase }) {
  const { t } = useTranslation('conference')
  return (
    <PhaseSteps
      phases={CONFERENCE_PHASES}
      current={phase}
      label={t('overview.calendar')}
      labelOf={(p) => t(`phases.${p}`)}
    />
  )
}

export function BackToEdition({ edition }: { edition: { id: string; title_i18n: string } }) {
  return (
    <p className="no-print">
      <Link to={`/conference/${edition.id}`}>
        ← <Localised json={edition.title_i18n} />
      </Link>
    </p>
  )
}
