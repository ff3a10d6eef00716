import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { ConsultationStatus } from '../../db/schema'
import { Localised } from '../ui/localised'
import { LANGUAGE_NAMES, isLanguage, directionOf } from '../i18n/config'
import { pickText } from '../i18n/content'

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
      {t('writtenIn')}{' '}
      <span lang={language} dir={directionOf(language)}>
        {name}
      </span>
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

/**
 * The consultation's text, section by section, each paragraph with its reference and a link to its
 * thread (and one for comments on the whole text), in the reader's language where translated.
 */
export function ConsultationText({
  base,
  sections,
  generalComments,
  accepting,
}: {
  /** The consultation's page, under which threads live. */
  base: string
  sections: {
    id: string
    position: number
    heading_i18n: string
    paragraphs: { id: string; ref: string; body_i18n: string; comments: number }[]
  }[]
  generalComments: number
  accepting: boolean
}) {
  const { t, i18n } = useTranslation('consultations')
  return (
    <section aria-labelledby="text" className="stack">
      <h2 id="text">{t('page.text')}</h2>
      {sections.map((s) => {
        const heading = pickText(s.heading_i18n, i18n.language)
        return (
          <section
            key={s.id}
            className="stack consultation-section"
            aria-label={heading.text || t('page.section', { n: s.position })}
          >
            {heading.text ? (
              <h3>
                {s.position}. <Localised json={s.heading_i18n} />
              </h3>
            ) : null}
            {s.paragraphs.map((p) => {
              return (
                <div key={p.id} className="paragraph" id={`p-${p.id}`}>
                  <p className="paragraph__ref muted">§ {p.ref}</p>
                  <Localised as="p" className="pre-wrap" json={p.body_i18n} />
                  <p>
                    <Link to={`${base}/p/${p.id}`}>
                      {accepting
                        ? t('page.commentParagraph', { count: p.comments, ref: p.ref })
                        : t('page.readParagraph', { count: p.comments, ref: p.ref })}
                    </Link>
                  </p>
                </div>
              )
            })}
          </section>
        )
      })}
      <p>
        <Link to={`${base}/p/general`}>{t('page.generalComments', { n: generalComments })}</Link>
      </p>
    </section>
  )
}
