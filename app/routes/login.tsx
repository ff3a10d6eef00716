import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { logIn } from '../auth/accounts.server'
import { requirePermission, safeRedirect, sessionCookie } from '../auth/guards.server'
import { IdentifierField } from '../auth/fields'
import { LoginSchema } from '../auth/schemas.server'
import { isLanguage } from '../i18n/config'
import { languageCookie } from '../i18n/i18n.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { clientAddress } from '../lib/request.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, FormErrorSummary, TextField } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:login.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  if (await requirePermission(request, 'account.logIn')) throw redirect('/')
  return null
}

/** `reset`: a password reset (reset-password.$token.tsx) sends the person here to log in. */
const DONE = ['reset'] as const

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.logIn',
    back: '/',
    handler: publicIntent({
      permission: 'account.logIn',
      schema: LoginSchema,
      run: async ({ db, data }) => {
        const result = await logIn(db, {
          identifier: data.email,
          password: data.password,
          clientAddress: clientAddress(args.context),
          persistent: data.sharedComputer !== 'yes',
        })
        if (!result.ok) return result
        const headers = new Headers()
        headers.append(
          'Set-Cookie',
          sessionCookie(result.value.token, result.value.expiresAt, { persistent: result.value.persistent }),
        )
        // The account's language applies unless this device already chose one (the picker sets the cookie).
        const chosenHere = await languageCookie.parse(args.request.headers.get('Cookie'))
        if (!chosenHere && isLanguage(result.value.language))
          headers.append('Set-Cookie', await languageCookie.serialize(result.value.language))
        return redirect(safeRedirect(data.redirectTo), { headers })
      },
    }),
  })
}

export default function LoginPage() {
  const { t } = useTranslation('auth')
  const failedFor = useActionFailure()
  const failed = failedFor()
  const [params] = useSearchParams()
  const errors = failed?.fieldErrors
  const values = failed?.values ?? {}
  const formError = errors?.form
  return (
    <div className="page">
      <h1>{t('login.title')}</h1>
      {!failed ? <DoneNotice keys={DONE} message={() => t('login.resetDone')} /> : null}
      {formError ? (
        <div className="notice notice--error" role="alert">
          <p>
            {formError === 'too_many_attempts'
              ? t('login.tooManyAttempts', { seconds: Math.max(1, failed?.retryAfterSeconds ?? 60) })
              : t('login.invalidCredentials')}
          </p>
        </div>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={values.redirectTo ?? params.get('redirectTo') ?? '/'} />
        <IdentifierField value={values.email} error={errors?.email} />
        <TextField
          name="password"
          type="password"
          label={t('fields.password')}
          autoComplete="current-password"
          error={errors?.password}
          required
        />
        <CheckboxField
          name="sharedComputer"
          label={t('login.sharedComputer')}
          defaultChecked={values.sharedComputer === 'yes'}
        />
        <SubmitButton>{t('login.submit')}</SubmitButton>
      </Form>
      <p>
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
      <p>
        <Link to="/account/setup">{t('login.setupLink')}</Link>
      </p>
      <p>
        {t('login.noAccount')} <Link to="/signup">{t('login.signupLink')}</Link>
      </p>
    </div>
  )
}
