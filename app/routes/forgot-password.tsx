import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { IdentifierField } from '../auth/fields'
import { requirePermission } from '../auth/guards.server'
import { checkResetQuota, requestPasswordReset } from '../auth/password-reset.server'
import { ForgotPasswordSchema } from '../auth/schemas.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { ok } from '../lib/result'
import { publicOrigin } from '../lib/env.server'
import { clientAddress } from '../lib/request.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['auth'], title: 'auth:reset.requestTitle' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.logIn')
  return null
}

const DONE = ['sent'] as const
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
      done: 'sent',
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
  const sent = !failed && params.get('done') === 'sent'
  return (
    <div className="page">
      <h1>{t('reset.requestTitle')}</h1>
      <DoneNotice keys={DONE} message={() => t('reset.requestSent')} />
      {sent ? null : (
        <>
          <p>{t('reset.requestIntro')}</p>
          <FormErrorSummary errors={errors} />
          <Form method="post" className="stack" noValidate>
            <IdentifierField value={values.email} error={errors?.email} withHint={false} />
            <SubmitButton>{t('reset.requestSubmit')}</SubmitButton>
          </Form>
        </>
      )}
    </div>
  )
}
