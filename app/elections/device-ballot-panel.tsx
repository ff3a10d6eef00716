import { Form } from '@remix-run/react'
import { useEffect, useReducer, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from '../ui/action-feedback'
import type { EncryptionInput } from './device-ballot'
import { castPayload, deviceReducer, initialDeviceState } from './device-state'
import { TrackerList } from './trackers-view'

// The ballot page's encryption on the device (issue #20, ADR 036). Without JavaScript nothing here
// runs: the review's confirm form posts the choices and the server encrypts. With it, confirming
// fetches the voter's encryption input (POST, no-store), loads the Belenios maths with import()
// and encrypts here; the voter then casts THIS ballot or audits it (Benaloh) and encrypts again.

type Crypto = typeof import('./device-ballot')

export function DeviceBallot({
  encryptionUrl,
  selected,
  review,
  auditDownload = true,
}: {
  encryptionUrl: string
  selected: Record<string, string>
  /**
   * Offer the audit record (choices and randomness) as a file. Never on a shared polling-place
   * device: the file would stay in its downloads for the next voter (review M1).
   */
  auditDownload?: boolean
  /** The review with its confirm form; given `onConfirm`, confirming encrypts here instead of posting. */
  review: (onConfirm?: (event: FormEvent<HTMLFormElement>) => void) => JSX.Element
}) {
  const { t } = useTranslation('elections')
  const [state, dispatch] = useReducer(deviceReducer, initialDeviceState)
  const [hydrated, setHydrated] = useState(false)
  const [download, setDownload] = useState<string | null>(null)
  const input = useRef<EncryptionInput | null>(null)
  const crypto = useRef<Crypto | null>(null)
  const focusTarget = useRef<HTMLHeadingElement>(null)
  useEffect(() => setHydrated(true), [])
  useEffect(() => {
    if (state.step === 'ready' || state.step === 'audited' || state.step === 'failed')
      focusTarget.current?.focus()
  }, [state.step])
  // The audit file is discarded with the ballot it reveals.
  useEffect(() => () => void (download && URL.revokeObjectURL(download)), [download])

  async function encrypt() {
    dispatch({ type: 'start', total: input.current?.archives.length ?? 1 })
    try {
      if (!input.current) {
        const response = await fetch(encryptionUrl, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
        })
        const body = (await response.json().catch(() => null)) as
          (EncryptionInput & { error?: undefined }) | { error: string } | null
        if (!response.ok || !body || body.error !== undefined || !('archives' in body)) {
          dispatch({ type: 'failed', error: body?.error ?? 'device_failed' })
          return
        }
        input.current = body
      }
      crypto.current ??= await import('./device-ballot')
      const made = await crypto.current.encryptOnDevice(input.current, selected, {
        onProgress: (done, total) => dispatch({ type: 'progress', done, total }),
      })
      dispatch(made.ok ? { type: 'encrypted', ballots: made.value } : { type: 'failed', error: made.error })
    } catch {
      dispatch({ type: 'failed', error: 'device_failed' })
    }
  }

  function audit() {
    if (!crypto.current || !input.current || !state.ballots) return
    const result = crypto.current.auditOnDevice(input.current, state.ballots, selected)
    if (auditDownload) {
      const blob = new Blob([JSON.stringify(result.record, null, 2)], { type: 'application/json' })
      setDownload(URL.createObjectURL(blob))
    }
    dispatch({ type: 'audit', result })
  }

  if (state.step === 'idle' || (state.step === 'failed' && !state.ballots)) {
    return (
      <>
        {state.step === 'failed' ? (
          <div className="notice notice--error" role="alert">
            <h2 className="h3" tabIndex={-1} ref={focusTarget}>
              {t('encrypt.failedTitle')}
            </h2>
            <p>{t('encrypt.failedText')}</p>
          </div>
        ) : null}
        {/* After a failure the confirm form posts as without JavaScript: the server encrypts. */}
        {review(
          hydrated && state.step === 'idle'
            ? (event) => {
                event.preventDefault()
                void encrypt()
              }
            : undefined,
        )}
      </>
    )
  }

  const payload = castPayload(state)
  return (
    <section className="card stack device-ballot" aria-labelledby="device-ballot-heading">
      <div role="status" aria-live="polite">
        {state.step === 'encrypting' ? (
          <>
            <p id="device-ballot-heading">{t('encrypt.progress', state.progress)}</p>
            <progress max={state.progress.total || 1} value={state.progress.done} />
          </>
        ) : null}
      </div>
      {state.step === 'ready' || state.step === 'casting' ? (
        <>
          <h2 id="device-ballot-heading" className="h3" tabIndex={-1} ref={focusTarget}>
            {t('encrypt.readyTitle')}
          </h2>
          <p>{t('encrypt.readyIntro')}</p>
          <TrackerList trackers={state.ballots ?? []} />
          <p>{t('encrypt.auditIntro')}</p>
          <div className="actions">
            <Form method="post" onSubmit={() => dispatch({ type: 'cast' })}>
              <input type="hidden" name="intent" value="cast_encrypted" />
              {payload ? <input type="hidden" name="ballots" value={payload} /> : null}
              <SubmitButton>{t('encrypt.cast')}</SubmitButton>
            </Form>
            <button type="button" className="secondary" onClick={audit} disabled={state.step === 'casting'}>
              {t('encrypt.audit')}
            </button>
          </div>
        </>
      ) : null}
      {state.step === 'audited' && state.audit ? (
        <>
          <h2 id="device-ballot-heading" className="h3" tabIndex={-1} ref={focusTarget}>
            {t('encrypt.auditedTitle')}
          </h2>
          <p className={state.audit.ok ? 'notice notice--ok' : 'notice notice--error'} role="alert">
            {state.audit.ok ? t('encrypt.auditOk') : t('encrypt.auditBad')}
          </p>
          <p>{t('encrypt.auditDiscarded')}</p>
          {download ? (
            <p>
              <a href={download} download="mutirao-ballot-audit.json">
                {t('encrypt.auditDownload')}
              </a>
            </p>
          ) : null}
          <button
            type="button"
            onClick={() => {
              dispatch({ type: 'reset' })
              void encrypt()
            }}
          >
            {t('encrypt.again')}
          </button>
        </>
      ) : null}
    </section>
  )
}
