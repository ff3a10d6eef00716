import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, sessionCookie, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { createSession } from '../auth/session.server'
import { confirmSignUp, isSignUpTokenUsable } from '../auth/signup.server'
import { languageCookie } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'

// The link mailed by the sign-up form (#16.10). GET only shows a button: mail scanners fetch links,
// and fetching must create nothing. The POST creates the account and signs the person in.

export const handle = { i18n: ['auth'], title: 'auth:signup.confirmTitle', hydrate: false }

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Someone already signed in has nothing to do here (as on /signup): home, not a 403.
  if (!can(toActor(await getActor(request)), 'account.signUp')) throw redirect('/')
  return json({ usable: await isSignUpTokenUsable(getDb(), params.token ?? '') })
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.signUp',
    back: '/',
    handler: publicIntent({
      permission: 'account.signUp',
      run: async ({ db }) => {
        const confirmed = await confirmSignUp(db, { token: args.params.token ?? '' })
        if (!confirmed.ok) return confirmed
        const session = await createSession(db, { userId: confirmed.value.userId, persistent: true })
        const headers = new Headers({
          'Set-Cookie': await languageCookie.serialize(confirmed.value.language),
        })
        headers.append('Set-Cookie', sessionCookie(session.token, session.expiresAt))
        // The home page greets the new person (its DONE list).
        return redirect('/?done=welcome', { headers })
      },
    }),
  })
}

export default function ConfirmSignUpPage() {
  const { t } = useTranslation('auth')
  const { usable } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  if (!usable || failed) {
    return (
      <div className="page">
        <h1>{t('signup.confirmTitle')}</h1>
        <p className="notice notice--error" role="alert">
          {t('signup.linkInvalid')}
        </p>
        <p>
          <Link to="/signup">{t('signup.startAgain')}</Link> ·{' '}
          <Link to="/login">{t('signup.loginLink')}</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="page">
      <h1>{t('signup.confirmTitle')}</h1>
      <p>{t('signup.confirmIntro')}</p>
      <Form method="post" className="stack">
        <SubmitButton>{t('signup.confirmSubmit')}</SubmitButton>
      </Form>
    </div>
  )
}
