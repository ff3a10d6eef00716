import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { IdentifierField } from '../auth/fields'
import { requirePermission } from '../auth/guards.server'
import { parseIdentifier } from '../auth/identifier'
import { checkResetQuota, requestPasswordReset } from '../auth/password-reset.server'
import { ForgotPasswordSchema } from '../auth/schemas.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { ok } from '../lib/result'
import { publicOrigin } from '../lib/env.server'
import { clientAddress } from '../lib/request.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:reset.requestTitle', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  return null
}

// A phone number gets a code by SMS (#18), an e-mail address a link: which one is said from the
// shape of what was typed, never from whether an account has it.
const DONE = ['sent', 'sentCode'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  return formAction<Done>(args, {
    permission: 'account.logIn',
    back: '/forgot-password',
    done: DONE,
    handler: publicIntent({
      permission: 'account.logIn',
      schema: ForgotPasswordSchema,
      // Same answer whether or not the account exists; 429 only for too many requests from here.
      run: async ({ db, data }) => {
        const allowed = await checkResetQuota(db, clientAddress(args.context))
        if (!allowed.ok) return allowed
        // The look-up and the mail run after the answer, so its timing says nothing about whether
        // the account exists (#16.10).
        const origin = publicOrigin()
        setImmediate(() => {
          requestPasswordReset(db, { identifier: data.email, origin }).catch((error: unknown) =>
            console.error('password reset request failed', (error as { code?: string }).code ?? ''),
          )
        })
        return ok(null)
      },
      done: (_value, data) => (parseIdentifier(data.email)?.kind === 'phone' ? 'sentCode' : 'sent'),
    }),
  })
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation('auth')
  const failedFor = useActionFailure()
  const failed = failedFor()
  const [params] = useSearchParams()
  const errors = failed?.fieldErrors
  const values = failed?.values ?? {}
  const done = failed ? null : params.get('done')
  return (
    <div className="page">
      <h1>{t('reset.requestTitle')}</h1>
      <DoneNotice
        keys={DONE}
        message={(key) => (key === 'sentCode' ? t('reset.requestSentCode') : t('reset.requestSent'))}
      />
      {done === 'sentCode' ? (
        <p>
          <Link to="/forgot-password/code">{t('reset.enterCode')}</Link>
        </p>
      ) : null}
      {done === 'sent' || done === 'sentCode' ? null : (
        <>
          <p>{t('reset.requestIntro')}</p>
          <FormErrorSummary errors={errors} />
          <Form method="post" className="stack" noValidate>
            <IdentifierField value={values.email} error={errors?.email} withHint={false} />
            <SubmitButton>{t('reset.requestSubmit')}</SubmitButton>
          </Form>
          <p>
            <Link to="/forgot-password/code">{t('reset.haveCode')}</Link>
          </p>
        </>
      )}
    </div>
  )
}
