import { useNavigation, useSearchParams, useActionData } from '@remix-run/react'
import { useEffect, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ActionFailure } from '../lib/form-action.server'

// The page side of formAction (app/lib/form-action.server.ts): which form failed, the success
// banner for known `done` keys only, and submit buttons that show they are working.

/** The failure of the form posted with `intent` (and, for per-row forms, `target`), if that one failed. */
export function useActionFailure() {
  const data = useActionData() as ActionFailure | undefined
  return (intent?: string, target?: string): ActionFailure | undefined => {
    if (!data || data.ok !== false) return undefined
    if (intent !== undefined && data.intent !== intent) return undefined
    if (target !== undefined && data.target !== target) return undefined
    return data
  }
}

/**
 * The green banner after a successful post. Only keys the route declares are shown: `?done=` is
 * part of a URL anyone can craft, so it must never put arbitrary text on the page.
 */
export function DoneNotice<K extends string>({
  keys,
  message,
  className = '',
}: {
  keys: readonly K[]
  message: (key: K) => ReactNode
  className?: string
}) {
  const [params] = useSearchParams()
  const done = params.get('done')
  if (!done || !(keys as readonly string[]).includes(done)) return null
  return (
    <p className={`notice notice--ok ${className}`.trim()} role="status">
      {message(done as K)}
    </p>
  )
}

/**
 * A number carried beside `done` in the URL (`&n=12`, how many rows an import added), shown inside
 * the banner: digits only, or nothing — the URL must not put words in the site's mouth (#16.9).
 */
export function countParam(value: string | null): string {
  return value !== null && /^\d{1,9}$/.test(value) ? value : ''
}

/**
 * A submit button that, with JavaScript, says it is working and ignores further clicks until the
 * post is answered (a double click must not send two posts). Without JavaScript it is a plain
 * button and the server's own guards (one vote per voter, guarded status steps) hold.
 */
export function SubmitButton({
  children,
  intent,
  pendingLabel,
  onClick,
  ...button
}: { intent?: string; pendingLabel?: ReactNode } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'>) {
  const { t } = useTranslation('common')
  const navigation = useNavigation()
  const [clicked, setClicked] = useState(false)
  // formMethod is set from the moment a form is submitted until the page it leads to has loaded.
  const busy = navigation.formMethod !== undefined
  const pending = clicked && busy
  const wasBusy = useRef(false)
  useEffect(() => {
    if (wasBusy.current && !busy) setClicked(false)
    wasBusy.current = busy
  }, [busy])
  return (
    <button
      {...button}
      type="submit"
      name={intent ? 'intent' : button.name}
      value={intent ?? button.value}
      aria-disabled={pending || undefined}
      onClick={(event) => {
        if (pending) {
          event.preventDefault()
          return
        }
        onClick?.(event)
        if (!event.defaultPrevented) setClicked(true)
      }}
    >
      {pending ? (pendingLabel ?? t('form.pending')) : children}
    </button>
  )
}
