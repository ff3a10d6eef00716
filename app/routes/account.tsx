import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { changePassword } from '../auth/accounts.server'
import { NewPasswordFields } from '../auth/fields'
import { getCurrentSession, requirePermittedUser, sessionCookie } from '../auth/guards.server'
import { ChangePasswordSchema } from '../auth/schemas.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextField } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:account.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'account.view')
  return json({ displayName: user.displayName, email: user.email, phone: user.phone, roles: user.roles })
}

const DONE = ['password_changed'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.changePassword',
    back: '/account',
    handler: intent({
      permission: 'account.changePassword',
      schema: ChangePasswordSchema,
      run: async ({ db, user, data }) => {
        // A "shared computer" session stays one after the change.
        const persistent = (await getCurrentSession(args.request, db))?.persistent ?? true
        const changed = await changePassword(db, {
          userId: user.id,
          currentPassword: data.currentPassword,
          newPassword: data.newPassword,
          persistent,
        })
        if (!changed.ok) return changed
        // changePassword ended every session, this one too: the new one rides on the redirect.
        const done: Done = 'password_changed'
        return redirect(`/account?done=${done}`, {
          headers: {
            'Set-Cookie': sessionCookie(changed.value.token, changed.value.expiresAt, {
              persistent: changed.value.persistent,
            }),
          },
        })
      },
    }),
  })
}

export default function AccountPage() {
  const { t } = useTranslation(['auth', 'common'])
  const data = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const errors = failedFor()?.fieldErrors
  return (
    <div className="page">
      <h1>{t('account.title')}</h1>
      <dl>
        <dt>{t('fields.displayName')}</dt>
        <dd>
          <bdi>{data.displayName}</bdi>
        </dd>
        <dt>{t('fields.identifier')}</dt>
        <dd>
          <bdi dir="ltr">{data.email ?? data.phone}</bdi>
        </dd>
        <dt>{t('account.roles')}</dt>
        <dd>{data.roles.map((r) => t(`common:roles.${r}`)).join(', ')}</dd>
      </dl>
      <p>
        <Link to="/my-data">{t('account.myDataLink')}</Link>
      </p>
      <p>
        <Link to="/account/notices">{t('account.noticesLink')}</Link>
      </p>
      <h2 id="change-password">{t('account.changePassword')}</h2>
      {errors ? (
        <FormErrorSummary errors={errors} />
      ) : (
        <DoneNotice keys={DONE} message={() => t('account.passwordChanged')} />
      )}
      <Form method="post" className="stack" noValidate aria-labelledby="change-password">
        <TextField
          name="currentPassword"
          type="password"
          label={t('fields.currentPassword')}
          autoComplete="current-password"
          error={errors?.currentPassword}
          required
        />
        <NewPasswordFields name="newPassword" errors={errors} />
        <SubmitButton>{t('account.changePasswordSubmit')}</SubmitButton>
      </Form>
    </div>
  )
}
