import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CONFERENCE_PHASES, type ConferencePhase } from '../../db/schema'
import { useActionFailure } from '../ui/action-feedback'
import { Localised } from '../ui/localised'
import { PhaseSteps } from '../ui/phase-steps'
import { Arrow } from '../ui/icons'

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
        <Arrow kind="back" /> <Localised json={edition.title_i18n} />
      </Link>
    </p>
  )
}

/**
 * A failed post, split for display: a refusal by the conference's rules (a code among its
 * `errors.*`, even when the command named the field it concerns) goes to the page's alert;
 * validation messages stay beside their fields. `all` keeps both, for the error summary.
 */
export function useConferenceFailure() {
  const failedFor = useActionFailure()
  const { i18n } = useTranslation('conference')
  return (intent?: string) => {
    const failed = failedFor(intent)
    if (!failed) return undefined
    const entries = Object.entries(failed.fieldErrors)
    const refused = ([field, code]: [string, string]) =>
      field === 'form' || i18n.exists(`conference:errors.${code}`)
    return {
      refusal: entries.find(refused)?.[1],
      errors: Object.fromEntries(entries.filter((e) => !refused(e))),
      all: failed.fieldErrors,
      values: failed.values,
      lists: failed.lists,
    }
  }
}
