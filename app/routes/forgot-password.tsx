import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requestPasswordReset } from '../auth/accounts.server'
import { requirePermission } from '../auth/guards.server'
import { ForgotPasswordSchema } from '../auth/schemas.server'
import { getDb } from '../lib/db.server'
import { parseForm } from '../lib/forms'
import { readForm, requestOrigin } from '../lib/request.server'
import { FormErrorSummary, TextField } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:reset.requestTitle' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  const formData = await readForm(request)
  const parsed = parseForm(ForgotPasswordSchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  await requestPasswordReset(getDb(), { identifier: parsed.data.email, origin: requestOrigin(request) })
  // Same answer whether or not the account exists.
  return json({ ok: true as const })
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation('auth')
  const actionData = useActionData<typeof action>()
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined
  const values = actionData && !actionData.ok ? actionData.values : {}
  if (actionData?.ok) {
    return (
      <div className="page">
        <h1>{t('reset.requestTitle')}</h1>
        <p className="notice notice--ok" role="status">
          {t('reset.requestSent')}
        </p>
      </div>
    )
  }
  return (
    <div className="page">
      <h1>{t('reset.requestTitle')}</h1>
      <p>{t('reset.requestIntro')}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <TextField
          name="email"
          label={t('fields.identifier')}
          autoComplete="username"
          inputMode="email"
          defaultValue={values.email}
          error={errors?.email}
          required
        />
        <button type="submit">{t('reset.requestSubmit')}</button>
      </Form>
    </div>
  )
}
