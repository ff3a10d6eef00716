import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { changePassword } from '../auth/accounts.server'
import { requirePermission, sessionCookie } from '../auth/guards.server'
import { ChangePasswordSchema } from '../auth/schemas.server'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { FormErrorSummary, TextField } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:account.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = (await requirePermission(request, 'account.view'))!
  return json({ displayName: user.displayName, email: user.email, phone: user.phone, roles: user.roles })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'account.changePassword'))!
  const formData = await readForm(request)
  const parsed = parseForm(ChangePasswordSchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  const result = await changePassword(getDb(), {
    userId: user.id,
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
  })
  if (!result.ok) return json(failure({ currentPassword: result.error }, formData), { status: 400 })
  return json(
    { ok: true as const },
    { headers: { 'Set-Cookie': sessionCookie(result.value.token, result.value.expiresAt) } },
  )
}

export default function AccountPage() {
  const { t } = useTranslation(['auth', 'common'])
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined
  return (
    <div className="page">
      <h1>{t('account.title')}</h1>
      <dl>
        <dt>{t('fields.displayName')}</dt>
        <dd>{data.displayName}</dd>
        <dt>{t('fields.identifier')}</dt>
        <dd>{data.email ?? data.phone}</dd>
        <dt>{t('account.roles')}</dt>
        <dd>{data.roles.map((r) => t(`common:roles.${r}`)).join(', ')}</dd>
      </dl>
      <p>
        <Link to="/my-data">{t('account.myDataLink')}</Link>
      </p>
      <h2 id="change-password">{t('account.changePassword')}</h2>
      {actionData?.ok ? (
        <p className="notice notice--ok" role="status">
          {t('account.passwordChanged')}
        </p>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <Form method="post" className="stack" noValidate aria-labelledby="change-password">
        <TextField
          name="currentPassword"
          type="password"
          label={t('fields.currentPassword')}
          autoComplete="current-password"
          error={errors?.currentPassword}
          required
        />
        <TextField
          name="newPassword"
          type="password"
          label={t('fields.newPassword')}
          hint={t('fields.passwordHint')}
          autoComplete="new-password"
          error={errors?.newPassword}
          required
        />
        <TextField
          name="newPasswordConfirm"
          type="password"
          label={t('fields.passwordConfirm')}
          autoComplete="new-password"
          error={errors?.newPasswordConfirm}
          required
        />
        <button type="submit">{t('account.changePasswordSubmit')}</button>
      </Form>
    </div>
  )
}
