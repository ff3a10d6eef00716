import { useTranslation } from 'react-i18next'

// Smart ballot trackers as every page shows them (issue #20, ADR 036): isolated left-to-right,
// monospace, grouped by four for reading aloud. Kept apart from the encryption panel so that pages
// showing a receipt do not load the panel.

/** A smart ballot tracker, isolated left-to-right and grouped by four for reading aloud. */
export function Tracker({ tracker }: { tracker: string }) {
  return (
    <bdi dir="ltr" className="tracker mono" data-tracker={tracker}>
      {groupTracker(tracker).join(' ')}
    </bdi>
  )
}

export function groupLabel(t: (k: string, o?: Record<string, unknown>) => string, groupKey: string) {
  return groupKey === 'segments'
    ? t('elections:encrypt.groupSegments')
    : t('elections:encrypt.groupSubprefecture')
}

export function TrackerList({ trackers }: { trackers: { groupKey: string; tracker: string | null }[] }) {
  const { t } = useTranslation('elections')
  return (
    <dl className="summary-list trackers">
      {trackers.map((k) => (
        <div key={k.groupKey} className="contents">
          <dt>{groupLabel(t, k.groupKey)}</dt>
          <dd>{k.tracker ? <Tracker tracker={k.tracker} /> : t('encrypt.noTracker')}</dd>
        </div>
      ))}
    </dl>
  )
}

/** A tracker in groups of four, for reading aloud and comparing (the text itself stays whole when copied). */
export function groupTracker(tracker: string): string[] {
  return tracker.match(/.{1,4}/g) ?? []
}
