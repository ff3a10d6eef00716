import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, toActor } from '../auth/guards.server'
import { hashPassword } from '../auth/password.server'
import { can } from '../auth/permissions'
import { NewAccountFields } from '../auth/fields'
import { SignUpSchema } from '../auth/schemas.server'
import { checkSignUpQuota, requestSignUp } from '../auth/signup.server'
import { languageCookie } from '../i18n/i18n.server'
import { publicOrigin } from '../lib/env.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { clientAddress } from '../lib/request.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['auth', 'privacy'], title: 'auth:signup.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  // Someone already signed in has nothing to do here: send them home rather than show a 403.
  if (!can(toActor(await getActor(request)), 'account.signUp')) throw redirect('/')
  return null
}

const DONE = ['check'] as const

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.signUp',
    back: '/signup',
    handler: publicIntent({
      permission: 'account.signUp',
      schema: SignUpSchema,
      // The same answer whether or not the address has an account (#16.10): "we sent a message".
      // Only too many sign-ups from here are refused (429 beside the field), which says nothing
      // about the address. No session yet: the account exists once the mailed link is used.
      run: async ({ db, data }) => {
        const allowed = await checkSignUpQuota(db, clientAddress(args.context))
        if (!allowed.ok) return allowed
        // Hashing (the slow part) before the answer in both cases; the look-up, the pending row
        // and the message after it, so the answer's timing says nothing either.
        const passwordHash = await hashPassword(data.password)
        const origin = publicOrigin()
        setImmediate(() => {
          requestSignUp(db, {
            identifier: data.email,
            displayName: data.displayName,
            passwordHash,
            preferredLanguage: data.preferredLanguage,
            origin,
          }).catch((error: unknown) =>
            console.error('sign-up request failed', (error as { code?: string }).code ?? ''),
          )
        })
        const headers = new Headers({ 'Set-Cookie': await languageCookie.serialize(data.preferredLanguage) })
        return redirect(`/signup?done=${DONE[0]}`, { headers })
      },
    }),
  })
}

export default function SignUpPage() {
  const { t } = useTranslation(['auth', 'privacy'])
  const failedFor = useActionFailure()
  const failed = failedFor()
  const errors = failed?.fieldErrors
  const values = failed?.values ?? {}
  const [params] = useSearchParams()
  if (!failed && params.get('done') === DONE[0]) {
    // What everyone sees after sending the form, whether or not the address has an account.
    return (
      <div className="page">
        <h1>{t('signup.sentTitle')}</h1>
        <DoneNotice keys={DONE} message={() => t('signup.sent')} />
        <p>{t('signup.sentNext')}</p>
        <p>{t('signup.sentMissing')}</p>
        <p>
          <Link to="/signup">{t('signup.startAgain')}</Link> ·{' '}
          <Link to="/login">{t('signup.loginLink')}</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="page">
      <h1>{t('signup.title')}</h1>
      <p>{t('signup.intro')}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <NewAccountFields values={values} errors={errors} privacyLink />
        <SubmitButton>{t('signup.submit')}</SubmitButton>
      </Form>
      <p>
        {t('signup.haveAccount')} <Link to="/login">{t('signup.loginLink')}</Link>
      </p>
    </div>
  )
}
