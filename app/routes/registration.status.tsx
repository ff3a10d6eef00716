import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { formAction, publicIntent, type ActionFailure } from '../lib/form-action.server'
import { clientAddress } from '../lib/request.server'
import { RegistrationLookupFields } from '../registration/fields'
import { lookUpByProtocol } from '../registration/registrations.server'
import { ProtocolLookupSchema } from '../registration/schemas.server'
import { StatusView } from '../registration/status-view'
import { SubmitButton } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['registration'], title: 'registration:check.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.checkStatus')
  return null
}

// The status is answered on this page, never in a URL: protocol and birth date are private.
export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'registration.checkStatus',
    back: '/registration/status',
    handler: publicIntent({
      permission: 'registration.checkStatus',
      schema: ProtocolLookupSchema,
      run: async ({ db, data }) => {
        const found = await lookUpByProtocol(db, { ...data, clientAddress: clientAddress(args.context) })
        return found.ok ? json({ ok: true as const, result: found.value }) : found
      },
    }),
  })
}

type Answer = { ok: true; result: Parameters<typeof StatusView>[0] } | ActionFailure

export default function CheckStatusPage() {
  const { t } = useTranslation('registration')
  const answer = useActionData() as Answer | undefined
  const errors = answer && !answer.ok ? answer.fieldErrors : undefined
  const values = answer && !answer.ok ? answer.values : {}
  return (
    <div className="page">
      <h1>{t('check.title')}</h1>
      <p>{t('check.intro')}</p>
      {answer?.ok ? <StatusView {...answer.result} /> : null}
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`check.errors.${errors.form}`)}
        </p>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <Form method="post" className="stack" noValidate>
        <RegistrationLookupFields values={values} errors={errors} />
        <SubmitButton>{t('check.submit')}</SubmitButton>
      </Form>
      <p>
        <Link to="/registration/claim">{t('claim.title')}</Link>
      </p>
    </div>
  )
}
