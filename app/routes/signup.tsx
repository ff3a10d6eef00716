import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { logIn, signUp } from '../auth/accounts.server'
import { getActor, sessionCookie, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { IdentifierField, NewPasswordFields } from '../auth/fields'
import { SignUpSchema } from '../auth/schemas.server'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { languageCookie } from '../i18n/i18n.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { clientAddress } from '../lib/request.server'
import type { RootData } from '../root'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, FormErrorSummary, SelectField, TextField } from '../ui/form'

export const handle = { i18n: ['auth', 'privacy'], title: 'auth:signup.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  // Someone already signed in has nothing to do here: send them home rather than show a 403.
  if (!can(toActor(await getActor(request)), 'account.signUp')) throw redirect('/')
  return null
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.signUp',
    back: '/',
    handler: publicIntent({
      permission: 'account.signUp',
      schema: SignUpSchema,
      run: async ({ db, data }) => {
        const created = await signUp(db, {
          identifier: data.email,
          displayName: data.displayName,
          password: data.password,
          preferredLanguage: data.preferredLanguage,
          clientAddress: clientAddress(args.context),
        })
        if (!created.ok) return created
        const session = await logIn(db, {
          identifier: data.email,
          password: data.password,
          clientAddress: clientAddress(args.context),
        })
        const headers = new Headers({ 'Set-Cookie': await languageCookie.serialize(data.preferredLanguage) })
        if (session.ok)
          headers.append('Set-Cookie', sessionCookie(session.value.token, session.value.expiresAt))
        // The home page greets the new person (its DONE list).
        return redirect('/?done=welcome', { headers })
      },
    }),
  })
}

export default function SignUpPage() {
  const { t } = useTranslation(['auth', 'privacy'])
  const root = useRouteLoaderData<RootData>('root')
  const failedFor = useActionFailure()
  const failed = failedFor()
  const errors = failed?.fieldErrors
  const values = failed?.values ?? {}
  return (
    <div className="page">
      <h1>{t('signup.title')}</h1>
      <p>{t('signup.intro')}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <TextField
          name="displayName"
          label={t('fields.displayName')}
          hint={t('fields.displayNameHint')}
          autoComplete="name"
          defaultValue={values.displayName}
          error={errors?.displayName}
          required
        />
        <IdentifierField value={values.email} error={errors?.email} />
        <NewPasswordFields name="password" errors={errors} />
        <SelectField
          name="preferredLanguage"
          label={t('fields.preferredLanguage')}
          defaultValue={values.preferredLanguage ?? root?.language}
          error={errors?.preferredLanguage}
          options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
        />
        <section aria-labelledby="consent-heading" className="notice">
          <h2 id="consent-heading">{t('privacy:consent.accountTitle')}</h2>
          <p>{t('privacy:consent.accountPurpose')}</p>
          <p>{t('privacy:consent.accountBasis')}</p>
          <p>
            <Link to="/privacy">{t('privacy:consent.readMore')}</Link>
          </p>
        </section>
        <CheckboxField
          name="consent"
          label={t('privacy:consent.accountAgree')}
          defaultChecked={values.consent === 'yes'}
          error={errors?.consent}
        />
        <SubmitButton>{t('signup.submit')}</SubmitButton>
      </Form>
      <p>
        {t('signup.haveAccount')} <Link to="/login">{t('signup.loginLink')}</Link>
      </p>
    </div>
  )
}
