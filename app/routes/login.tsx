import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { logIn } from '../auth/accounts.server'
import { getActor, requirePermission, safeRedirect, sessionCookie } from '../auth/guards.server'
import { LoginSchema } from '../auth/schemas.server'
import { isLanguage } from '../i18n/config'
import { languageCookie } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { clientAddress, readForm } from '../lib/request.server'
import { FormErrorSummary, TextField } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:login.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  if (await getActor(request)) throw redirect('/')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  const formData = await readForm(request)
  const parsed = parseForm(LoginSchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  const result = await logIn(getDb(), {
    identifier: parsed.data.email,
    password: parsed.data.password,
    clientAddress: clientAddress(context),
  })
  if (!result.ok) {
    const status = result.error === 'too_many_attempts' ? 429 : 400
    const minutes = Math.max(1, Math.ceil((result.retryAfterSeconds ?? 60) / 60))
    return json({ ...failure({ form: result.error }, formData), minutes }, { status })
  }
  const headers = new Headers()
  headers.append('Set-Cookie', sessionCookie(result.value.token, result.value.expiresAt))
  // The account's language applies unless this device already chose one (the picker sets the cookie).
  const chosenHere = await languageCookie.parse(request.headers.get('Cookie'))
  if (!chosenHere && isLanguage(result.value.language))
    headers.append('Set-Cookie', await languageCookie.serialize(result.value.language))
  return redirect(safeRedirect(parsed.data.redirectTo), { headers })
}

export default function LoginPage() {
  const { t } = useTranslation('auth')
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined
  const values = actionData && !actionData.ok ? actionData.values : {}
  const formError = errors?.form
  return (
    <div className="page">
      <h1>{t('login.title')}</h1>
      {params.get('reset') && !actionData ? (
        <p className="notice notice--ok" role="status">
          {t('login.resetDone')}
        </p>
      ) : null}
      {formError ? (
        <div className="notice notice--error" role="alert">
          <p>
            {formError === 'too_many_attempts'
              ? t('login.tooManyAttempts', {
                  minutes: actionData && 'minutes' in actionData ? actionData.minutes : 15,
                })
              : t('login.invalidCredentials')}
          </p>
        </div>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={values.redirectTo ?? params.get('redirectTo') ?? '/'} />
        <TextField
          name="email"
          label={t('fields.identifier')}
          hint={t('fields.identifierHint')}
          autoComplete="username"
          inputMode="email"
          defaultValue={values.email}
          error={errors?.email}
          required
        />
        <TextField
          name="password"
          type="password"
          label={t('fields.password')}
          autoComplete="current-password"
          error={errors?.password}
          required
        />
        <button type="submit">{t('login.submit')}</button>
      </Form>
      <p>
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
      <p>
        {t('login.noAccount')} <Link to="/signup">{t('login.signupLink')}</Link>
      </p>
    </div>
  )
}
