import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { NewPasswordFields } from '../auth/fields'
import { requirePermission } from '../auth/guards.server'
import { checkResetCodeQuota, resetPasswordWithCode } from '../auth/password-reset.server'
import { ResetCodeSchema } from '../auth/schemas.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { clientAddress } from '../lib/request.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextField } from '../ui/form'

// A password reset by the 6-digit code sent by SMS (issue #18): the phone number, the code and the
// new password on one page, a plain form that works without JavaScript.
export const handle = { i18n: ['auth'], title: 'auth:reset.codeTitle', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  return null
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.logIn',
    // The person logs in with the new password; the login page says the reset worked.
    back: '/login',
    done: ['reset'],
    handler: publicIntent({
      permission: 'account.logIn',
      schema: ResetCodeSchema,
      run: async ({ db, data }) => {
        const allowed = await checkResetCodeQuota(db, clientAddress(args.context))
        if (!allowed.ok) return allowed
        return resetPasswordWithCode(db, {
          phone: data.phone,
          code: data.code,
          newPassword: data.newPassword,
        })
      },
      done: 'reset',
    }),
  })
}

export default function ResetByCodePage() {
  const { t } = useTranslation('auth')
  const failedFor = useActionFailure()
  const failed = failedFor()
  const errors = failed?.fieldErrors
  const values = failed?.values ?? {}
  return (
    <div className="page">
      <h1>{t('reset.codeTitle')}</h1>
      <p>{t('reset.codeIntro')}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <TextField
          name="phone"
          type="tel"
          label={t('reset.phoneLabel')}
          autoComplete="username"
          inputMode="tel"
          defaultValue={values.phone}
          error={errors?.phone}
          required
        />
        <TextField
          name="code"
          label={t('reset.codeLabel')}
          hint={t('reset.codeHint')}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={20}
          error={errors?.code}
          required
        />
        <NewPasswordFields name="newPassword" errors={errors} />
        <SubmitButton>{t('reset.submit')}</SubmitButton>
      </Form>
      <p>
        <Link to="/forgot-password">{t('reset.codeRequestAgain')}</Link>
      </p>
    </div>
  )
}
