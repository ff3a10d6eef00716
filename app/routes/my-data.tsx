import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { verifyPassword } from '../auth/password.server'
import { clearedSessionCookie, requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { eraseAccount, exportMyData } from '../privacy/my-data.server'
import { CheckboxField, FormErrorSummary, TextField } from '../ui/form'
import { EraseSchema } from '../privacy/schemas.server'

export const handle = { i18n: ['privacy', 'auth', 'registration'], title: 'privacy:myData.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = (await requirePermission(request, 'privacy.exportOwn'))!
  const data = await exportMyData(getDb(), user.id)
  return json({
    summary: {
      account: data.account,
      roles: data.roles.map((r) => r.role),
      consents: data.consents,
      registrations: data.voter_registrations.map((r) => ({ protocol: r.protocol, status: r.status })),
    },
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'privacy.eraseOwn'))!
  const formData = await readForm(request)
  const parsed = parseForm(EraseSchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  const db = getDb()
  // Re-authenticate: erasure cannot be undone and a borrowed, signed-in phone must not allow it.
  const row = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow()
  if (!row.password_hash || !(await verifyPassword(row.password_hash, parsed.data.password))) {
    return json(failure({ password: 'wrong_password' }, formData), { status: 400 })
  }
  const { kept } = await eraseAccount(db, user.id)
  const keptCensus = kept.includes('census_entry_for_held_election') ? '&kept=census' : ''
  return redirect(`/privacy?erased=1${keptCensus}`, { headers: { 'Set-Cookie': clearedSessionCookie() } })
}

export default function MyDataPage() {
  const { t } = useTranslation(['privacy', 'auth', 'common', 'registration'])
  const { summary } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.fieldErrors
  return (
    <div className="page">
      <h1>{t('myData.title')}</h1>
      <p>{t('myData.intro')}</p>
      <h2>{t('myData.heldTitle')}</h2>
      <dl>
        <dt>{t('auth:fields.displayName')}</dt>
        <dd>{summary.account.display_name}</dd>
        <dt>{t('auth:fields.identifier')}</dt>
        <dd>{summary.account.email ?? summary.account.phone}</dd>
        <dt>{t('auth:fields.preferredLanguage')}</dt>
        <dd>{summary.account.preferred_language}</dd>
        <dt>{t('auth:account.roles')}</dt>
        <dd>{summary.roles.map((r) => t(`common:roles.${r}`)).join(', ')}</dd>
        <dt>{t('myData.registration')}</dt>
        <dd>
          {summary.registrations.length
            ? summary.registrations
                .map((r) => `${r.protocol} — ${t(`registration:status.${r.status}`)}`)
                .join('; ')
            : t('myData.noRegistration')}
        </dd>
        <dt>{t('myData.consents')}</dt>
        <dd>
          <ul>
            {summary.consents.map((c) => (
              <li key={c.purpose + c.given_at}>
                {t(`purposes.${c.purpose}`)} — {t(`legalBasis.${c.legal_basis}`)}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <p>
        <a className="button" href="/my-data/download" download>
          {t('myData.download')}
        </a>
      </p>
      <h2 id="erase-heading">{t('myData.eraseTitle')}</h2>
      <p>{t('myData.eraseIntro')}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate aria-labelledby="erase-heading">
        <CheckboxField name="confirm" label={t('myData.eraseConfirm')} error={errors?.confirm} />
        <TextField
          name="password"
          type="password"
          label={t('auth:fields.currentPassword')}
          autoComplete="current-password"
          error={errors?.password}
          required
        />
        <button type="submit" className="danger">
          {t('myData.eraseSubmit')}
        </button>
      </Form>
    </div>
  )
}
