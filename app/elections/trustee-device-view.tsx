import { useEffect, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'

// The member's device at each step of the ceremony and at the count (issue #20, ADR 035). Shown
// only once JavaScript runs (without it the page's belenios-tool instructions and forms remain).
// The crypto (app/elections/trustee-device.ts, WebCrypto AES-CCM) is imported on demand, so it is
// loaded only on the trustee page and only when the member uses their device. The computed PUBLIC
// text is put in the page's own form field; the member reviews it and presses its Send button.
// The key file is read in the browser from a file input WITHOUT a name: it is never submitted.

type Props = {
  electionId: string
  index: number
  threshold: number
  /** The id of the textarea to fill. */
  target: string
} & ({ step: 'certificate' | 'polynomial' | 'voutput' } | { step: 'decryption'; uuid: string })

const load = () =>
  Promise.all([import('./trustee-device'), import('../belenios/threshold/aes-ccm.webcrypto')])

async function text(url: string): Promise<string> {
  const r = await fetch(url, { credentials: 'same-origin' })
  if (!r.ok) throw new Error(String(r.status))
  return r.text()
}

function saveFile(name: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type: 'application/octet-stream' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function fill(target: string, value: string) {
  const field = document.getElementById(target) as HTMLTextAreaElement | null
  if (field) {
    field.value = value
    field.focus()
  }
}

export function TrusteeDevice(props: Props) {
  const { t } = useTranslation('trustees')
  const [ready, setReady] = useState(false)
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; message: string } | null>(null)
  const [fingerprint, setFingerprint] = useState<string | null>(null)
  useEffect(() => setReady(true), [])
  if (!ready) return null
  const base = `/elections/${props.electionId}/trustees/me`
  const keyName = `mutirao-${props.electionId.slice(0, 8)}-member${props.index}.key`

  const makeKey = async () => {
    setStatus({ kind: 'busy', message: t('device.working') })
    const [device] = await load()
    const made = device.deviceCertificate()
    saveFile(keyName, made.seed + '\n')
    setFingerprint(made.fingerprint)
    fill(props.target, made.certificate)
    setStatus({ kind: 'ok', message: t('device.certificateReady') })
  }

  const onKeyFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (!file) return
    setStatus({ kind: 'busy', message: t('device.working') })
    try {
      const keyFile = await file.text()
      const [device, { webCryptoAesCcm: aes }] = await load()
      if (props.step === 'polynomial' || props.step === 'voutput') {
        const certs = await text(`${base}/certs.jsons`)
        const made =
          props.step === 'polynomial'
            ? await device.devicePolynomial(aes, { certs, keyFile, threshold: props.threshold })
            : await device.deviceVoutput(aes, { certs, keyFile, vinput: await text(`${base}/mine.vinput`) })
        if (!made.ok) return setStatus({ kind: 'error', message: t(`device.errors.${made.error}`) })
        fill(props.target, made.text)
        return setStatus({ kind: 'ok', message: t('device.stepReady') })
      }
      if (props.step !== 'decryption') return
      const [bel, dkey] = await Promise.all([
        fetch(`/open-data/elections/${props.electionId}/belenios/${props.uuid}.bel`).then((r) =>
          r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status))),
        ),
        text(`${base}/mine.dkey`),
      ])
      const made = await device.deviceDecryption(aes, { archive: new Uint8Array(bel), keyFile, dkey })
      if (!made.ok) return setStatus({ kind: 'error', message: t(`device.errors.${made.error}`) })
      if (made.uuid !== props.uuid)
        return setStatus({ kind: 'error', message: t('device.errors.tally_mismatch') })
      fill(props.target, made.json)
      setStatus({ kind: 'ok', message: t('device.decryptionReady', { hash: made.tallyHash }) })
    } catch {
      setStatus({ kind: 'error', message: t('device.errors.network') })
    }
  }

  const inputId = `${props.target}-keyfile`
  return (
    <div className="trustee-device">
      <h3>{t('device.title')}</h3>
      {props.step === 'certificate' ? (
        <>
          <p>{t('device.keyWarning', { k: props.threshold })}</p>
          <button type="button" className="button button--secondary" onClick={() => void makeKey()}>
            {t('device.makeKey')}
          </button>
          {fingerprint ? (
            <p>
              {t('device.yourFingerprint')}{' '}
              <code className="mono" dir="ltr">
                {fingerprint}
              </code>
            </p>
          ) : null}
        </>
      ) : (
        <div className="field">
          <label htmlFor={inputId}>{t('device.keyFileLabel')}</label>
          <p id={`${inputId}-hint`} className="hint">
            {t(props.step === 'decryption' ? 'device.decryptionHint' : 'device.keyFileHint')}
          </p>
          <input
            id={inputId}
            type="file"
            accept=".key,text/plain"
            aria-describedby={`${inputId}-hint`}
            onChange={(e) => void onKeyFile(e)}
          />
        </div>
      )}
      {status ? (
        <p
          role={status.kind === 'error' ? 'alert' : 'status'}
          className={status.kind === 'error' ? 'field-error' : 'hint'}
        >
          {status.message}
        </p>
      ) : null}
    </div>
  )
}
