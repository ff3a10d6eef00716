import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { IdentifierField, NewPasswordFields } from '../auth/fields'
import { requirePermission, sessionCookie } from '../auth/guards.server'
import { SetupPasswordSchema } from '../auth/schemas.server'
import { setPasswordWithCode } from '../auth/setup-codes.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { clientAddress } from '../lib/request.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextField } from '../ui/form'

// Issue #18 (ADR 021): the person whose account the desk created without a password chooses it here
// with the code printed on the receipt, and is signed in. Like the reset by SMS code, it is a way to
// sign in, open to anyone (`account.logIn`); a plain form that works without JavaScript.
export const handle = { i18n: ['auth'], title: 'auth:setup.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  return null
}

const DONE = ['password_set'] as const

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.logIn',
    back: '/account/setup',
    done: DONE,
    handler: publicIntent({
      permission: 'account.logIn',
      schema: SetupPasswordSchema,
      run: async ({ db, data }) => {
        const set = await setPasswordWithCode(db, {
          identifier: data.email,
          code: data.code,
          password: data.password,
          clientAddress: clientAddress(args.context),
        })
        if (!set.ok) return set
        const { token, expiresAt } = set.value.session
        return redirect('/account/setup?done=password_set', {
          headers: { 'Set-Cookie': sessionCookie(token, expiresAt) },
        })
      },
    }),
  })
}

export default function SetupPasswordPage() {
  const { t } = useTranslation('auth')
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  const values = failed?.values ?? {}
  const [params] = useSearchParams()
  if (!failed && params.get('done') === DONE[0])
    return (
      <div className="page">
        <h1>{t('setup.title')}</h1>
        <DoneNotice keys={DONE} message={() => t('setup.done')} />
        <p>
          <Link to="/registration">{t('setup.seeRegistration')}</Link>
        </p>
      </div>
    )
  return (
    <div className="page">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <IdentifierField value={values.email} error={errors?.email} withHint={false} />
        <TextField
          name="code"
          label={t('setup.code')}
          hint={t('setup.codeHint')}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={30}
          error={errors?.code}
          required
        />
        <NewPasswordFields name="password" errors={errors} />
        <SubmitButton>{t('setup.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
