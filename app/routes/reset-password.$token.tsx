import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { NewPasswordFields } from '../auth/fields'
import { requirePermission } from '../auth/guards.server'
import { isResetTokenUsable, resetPassword } from '../auth/password-reset.server'
import { ResetPasswordSchema } from '../auth/schemas.server'
import { getDb } from '../lib/db.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:reset.title', hydrate: false }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  return json({ usable: await isResetTokenUsable(getDb(), params.token ?? '') })
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.logIn',
    // The person logs in with the new password; the login page says the reset worked.
    back: '/login',
    done: ['reset'],
    handler: publicIntent({
      permission: 'account.logIn',
      schema: ResetPasswordSchema,
      run: ({ db, data }) =>
        resetPassword(db, { token: args.params.token ?? '', newPassword: data.newPassword }),
      done: 'reset',
    }),
  })
}

export default function ResetPasswordPage() {
  const { t } = useTranslation('auth')
  const { usable } = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const errors = failedFor()?.fieldErrors
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
        <NewPasswordFields name="newPassword" errors={errors} />
        <SubmitButton>{t('reset.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
