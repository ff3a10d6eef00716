import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { isResetTokenUsable, resetPassword } from '../auth/accounts.server'
import { requirePermission } from '../auth/guards.server'
import { ResetPasswordSchema } from '../auth/schemas.server'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { FormErrorSummary, TextField } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:reset.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  return json({ usable: await isResetTokenUsable(getDb(), params.token ?? '') })
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  const formData = await readForm(request)
  const parsed = parseForm(ResetPasswordSchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  const result = await resetPassword(getDb(), {
    token: params.token ?? '',
    newPassword: parsed.data.newPassword,
  })
  if (!result.ok) return json(failure({ form: result.error }, formData), { status: 400 })
  return redirect('/login?reset=1')
}

export default function ResetPasswordPage() {
  const { t } = useTranslation('auth')
  const { usable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.fieldErrors
  if (!usable || errors?.form) {
    return (
      <div className="page">
        <h1>{t('reset.title')}</h1>
        <p className="notice notice--error" role="alert">
          {t('reset.linkInvalid')}
        </p>
        <p>
          <Link to="/forgot-password">{t('reset.requestAgain')}</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="page">
      <h1>{t('reset.title')}</h1>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
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
        <button type="submit">{t('reset.submit')}</button>
      </Form>
    </div>
  )
}
