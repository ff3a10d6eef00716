import { useTranslation } from 'react-i18next'

/** A registration's status in plain words, with the reason in the reader's language. */
export function StatusView({
  status,
  reason,
  note,
  protocol,
}: {
  status: string
  reason: string | null
  note: string | null
  protocol: string
}) {
  const { t } = useTranslation('registration')
  return (
    <div className="card" role="status">
      <p>
        {t('status.protocol')}: <strong className="mono">{protocol}</strong>
      </p>
      <p>
        <span className={`status-badge status-badge--${status}`}>{t(`status.${status}`)}</span>
      </p>
      <p>{t(`status.explain.${status}`)}</p>
      {status === 'rejected' && reason ? (
        <p>
          {t('status.reason')}: {t(`reasons.${reason}`)}
        </p>
      ) : null}
      {note ? (
        <p>
          {t('status.note')}: <q>{note}</q>
        </p>
      ) : null}
    </div>
  )
}
