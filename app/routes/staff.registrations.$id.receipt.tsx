import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { translatorFor } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { getReceipt } from '../registration/registrations.server'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['registration'], title: 'registration:receipt.title' }

// A printable receipt for a person registered at a desk (many have no phone or e-mail): the
// protocol number is how they follow their registration. It shows no document number.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.assist')
  const row = await getReceipt(getDb(), params.id ?? '')
  if (!row) throw new Response('Not found', { status: 404 })
  // Printed in the person's language whatever the desk's screen language is (server-side, so the
  // browser need not load another language).
  const tp = await translatorFor(row.preferred_language, 'registration')
  const texts = {
    title: tp('receipt.title'),
    heading: tp('receipt.heading'),
    protocol: tp('status.protocol'),
    subprefecture: tp('fields.subprefecture'),
    howToCheck: tp('receipt.howToCheck'),
  }
  return json({ ...row, texts })
}

export default function Receipt() {
  const { t } = useTranslation('registration')
  const r = useLoaderData<typeof loader>()
  const tx = r.texts
  return (
    <div className="page">
      <h1 className="visually-hidden">{t('receipt.title')}</h1>
      <p className="notice notice--ok" role="status">
        {t('receipt.saved')}
      </p>
      <section className="receipt" lang={r.preferred_language} aria-label={tx.title}>
        <h2>{tx.heading}</h2>
        <p>{r.social_name ?? r.full_name}</p>
        <p>{tx.protocol}:</p>
        <p className="protocol mono">{r.protocol}</p>
        <p>
          {tx.subprefecture}: {r.subprefecture}
        </p>
        <p>
          <DateTime iso={r.created_at} language={r.preferred_language} dateOnly />
        </p>
        <p>{tx.howToCheck}</p>
      </section>
      <p>
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
      </p>
    </div>
  )
}
