import { useTranslation } from 'react-i18next'

/**
 * At the top of every page in demo mode (issue #16.11): a demo must never be mistaken for the real
 * thing and given real data. A note, not an alert: it is read once, not announced on every change.
 */
export function DemoBanner({ demo }: { demo: boolean }) {
  const { t } = useTranslation('common')
  if (!demo) return null
  return (
    <p role="note" className="demo-banner">
      {t('demo.banner')}
    </p>
  )
}
