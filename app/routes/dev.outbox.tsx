import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getDb } from '../lib/db.server'
import { getEnv } from '../lib/env.server'
import { outboxOpenTo } from '../lib/http-security'
import { listOutbox } from '../mail/outbox.server'
import { DateTime } from '../ui/time'
import { directionOf } from '../i18n/config'

export const handle = { i18n: ['admin'], title: 'admin:outbox.title', hydrate: false }

// In demo mode the outbox stands in for e-mail and SMS (#18), so someone trying the demo on this machine can
// follow a reset link. Only then, and only for a browser on this machine (the TCP peer, not a
// header): a public demo's outbox handed anyone the admin's reset link (issue #16.11). Otherwise
// only admins can read it (to diagnose delivery).
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (
    !outboxOpenTo(getEnv(), context?.socketAddress) &&
    !can(toActor(await getActor(request)), 'outbox.read')
  )
    throw new Response('Not found', { status: 404 })
  return json({ messages: await listOutbox(getDb()) })
}

export default function OutboxPage() {
  const { t, i18n } = useTranslation('admin')
  const { messages } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('outbox.title')}</h1>
      <p>{t('outbox.intro')}</p>
      {messages.length === 0 ? <p>{t('outbox.empty')}</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="card" lang={m.language} dir={directionOf(m.language)}>
          <h2>{m.subject}</h2>
          <p className="muted">
            {t(`outbox.channel.${m.channel}`)} · <bdi dir="ltr">{m.to_address}</bdi> ·{' '}
            <DateTime iso={m.created_at} language={i18n.language} />
          </p>
          <p>
            {t(`outbox.status.${m.status}`)}
            {m.delivery_status ? (
              <>
                {' · '}
                {t(`outbox.delivery.${m.delivery_status}`)}
                {m.delivered_at ? (
                  <>
                    {' '}
                    (<DateTime iso={m.delivered_at} language={i18n.language} />)
                  </>
                ) : null}
              </>
            ) : null}
          </p>
          <pre className="pre-wrap">{m.body}</pre>
        </article>
      ))}
    </div>
  )
}
