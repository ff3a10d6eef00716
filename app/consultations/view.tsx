import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { ConsultationStatus } from '../../db/schema'
import { Localised } from '../ui/localised'
import { LANGUAGE_NAMES, isLanguage } from '../i18n/config'

export function ConsultationStatusBadge({
  status,
  accepting,
}: {
  status: ConsultationStatus
  accepting?: boolean
}) {
  const { t } = useTranslation('consultations')
  // "open" past its closing date reads as closed to the public until the secretariat closes it.
  const shown = status === 'open' && accepting === false ? 'awaiting_close' : status
  return <span className={`status-badge status-badge--${status}`}>{t(`statuses.${shown}`)}</span>
}

export function BackToConsultation({ consultation }: { consultation: { id: string; title_i18n: string } }) {
  const { t } = useTranslation('consultations')
  return (
    <p className="breadcrumb">
      <Link to={`/consultations/${consultation.id}`}>
        {t('back')} <Localised json={consultation.title_i18n} />
      </Link>
    </p>
  )
}

/** "Written in Kreyòl ayisyen" — in the language's own name, so readers recognise it. */
export function WrittenIn({ language }: { language: string }) {
  const { t } = useTranslation('consultations')
  const name = isLanguage(language) ? LANGUAGE_NAMES[language] : language
  return (
    <span className="muted">
      {t('writtenIn')} <span lang={language}>{name}</span>
    </span>
  )
}

export type TargetView = {
  action_id: string | null
  campaign_id: string | null
  action_code: string | null
  action_title_i18n: string | null
  campaign_title_i18n: string | null
}

/** A plan action ("2.3.1 — …") or a campaign; links to its page once the plan pages exist. */
export function TargetName({ target }: { target: TargetView }) {
  const { t } = useTranslation('consultations')
  if (target.action_id) {
    return (
      <Link to={`/plan/actions/${target.action_id}`}>
        {t('targets.action', { code: target.action_code ?? '' })}{' '}
        <Localised json={target.action_title_i18n ?? '{}'} />
      </Link>
    )
  }
  return (
    <Link to={`/plan/campaigns/${target.campaign_id}`}>
      {t('targets.campaign')} <Localised json={target.campaign_title_i18n ?? '{}'} />
    </Link>
  )
}
