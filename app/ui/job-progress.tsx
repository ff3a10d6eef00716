import { Link, useLocation, useRevalidator } from '@remix-run/react'
import { useEffect, type ReactNode } from 'react'

/**
 * A background job in progress (app/jobs). With JavaScript the page asks the server for news two
 * seconds after each answer; without, the page reloads itself every few seconds (a refresh inside
 * <noscript>, so scripted pages do not reload) and a link does the same on demand.
 */
export function JobProgress({
  done,
  total,
  label,
  progressLabel,
  refreshLabel,
}: {
  done: number
  total: number | null
  label: ReactNode
  progressLabel: string
  refreshLabel: ReactNode
}) {
  const { revalidate, state } = useRevalidator()
  const location = useLocation()
  useEffect(() => {
    if (state !== 'idle') return
    const timer = setTimeout(revalidate, 2000)
    return () => clearTimeout(timer)
  }, [state, revalidate, done])
  return (
    <div className="stack">
      <p>{label}</p>
      {total ? (
        <progress max={total} value={done} aria-label={progressLabel} />
      ) : (
        <progress aria-label={progressLabel} />
      )}
      <noscript>
        <meta httpEquiv="refresh" content="3" />
      </noscript>
      <p>
        <Link to={`${location.pathname}${location.search}`}>{refreshLabel}</Link>
      </p>
    </div>
  )
}
