import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { clearedSessionCookie, requirePermittedUser } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { eraseOwnAccount, exportMyData } from '../privacy/my-data.server'
import { EraseSchema } from '../privacy/schemas.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, FormErrorSummary, TextField } from '../ui/form'

export const handle = {
  i18n: ['privacy', 'auth', 'registration'],
  title: 'privacy:myData.title',
  hydrate: false,
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'privacy.exportOwn')
  const data = await exportMyData(getDb(), user.id)
  return json({
    summary: {
      account: data.account,
      roles: data.roles.map((r) => r.role),
      consents: data.consents,
      registrations: data.voter_registrations.map((r) => ({ protocol: r.protocol, status: r.status })),
    },
  })
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'privacy.eraseOwn',
    back: '/privacy',
    handler: intent({
      permission: 'privacy.eraseOwn',
      schema: EraseSchema,
      run: async ({ db, user, data }) => {
        const erased = await eraseOwnAccount(db, { userId: user.id, password: data.password })
        if (!erased.ok) return erased
        // The privacy notice says what was erased, and what was kept (privacy.tsx, its DONE list).
        const keptCensus = erased.value.kept.includes('census_entry_for_held_election')
        return redirect(`/privacy?done=${keptCensus ? 'erased_kept_census' : 'erased'}`, {
          headers: { 'Set-Cookie': clearedSessionCookie() },
        })
      },
    }),
  })
}

export default function MyDataPage() {
  const { t } = useTranslation(['privacy', 'auth', 'common', 'registration'])
  const { summary } = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const errors = failedFor()?.fieldErrors
  return (
    <div className="page">
      <h1>{t('myData.title')}</h1>
      <p>{t('myData.intro')}</p>
      <h2>{t('myData.heldTitle')}</h2>
      <dl>
        <dt>{t('auth:fields.displayName')}</dt>
        <dd>
          <bdi>{summary.account.display_name}</bdi>
        </dd>
        <dt>{t('auth:fields.identifier')}</dt>
        <dd>
          <bdi dir="ltr">{summary.account.email ?? summary.account.phone}</bdi>
        </dd>
        <dt>{t('auth:fields.preferredLanguage')}</dt>
        <dd>{summary.account.preferred_language}</dd>
        <dt>{t('auth:account.roles')}</dt>
        <dd>{summary.roles.map((r) => t(`common:roles.${r}`)).join(', ')}</dd>
        <dt>{t('myData.registration')}</dt>
        <dd>
          {summary.registrations.length
            ? summary.registrations
                .map((r) => `${r.protocol} — ${t(`registration:status.${r.status}`)}`)
                .join('; ')
            : t('myData.noRegistration')}
        </dd>
        <dt>{t('myData.consents')}</dt>
        <dd>
          <ul>
            {summary.consents.map((c) => (
              <li key={c.purpose + c.given_at}>
                {t(`purposes.${c.purpose}`)} — {t(`legalBasis.${c.legal_basis}`)}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <p>
        <a className="button" href="/my-data/download" download>
          {t('myData.download')}
        </a>
      </p>
      <h2 id="erase-heading">{t('myData.eraseTitle')}</h2>
      <p>{t('myData.eraseIntro')}</p>
      <FormErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate aria-labelledby="erase-heading">
        <CheckboxField name="confirm" label={t('myData.eraseConfirm')} error={errors?.confirm} />
        <TextField
          name="password"
          type="password"
          label={t('auth:fields.currentPassword')}
          autoComplete="current-password"
          error={errors?.password}
          required
        />
        <SubmitButton className="danger">{t('myData.eraseSubmit')}</SubmitButton>
      </Form>
    </div>
  )
}
