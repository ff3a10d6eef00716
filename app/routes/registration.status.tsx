import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { clientAddress, readForm } from '../lib/request.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { findByProtocol } from '../registration/registrations.server'
import { ProtocolLookupSchema } from '../registration/schemas.server'
import { StatusView } from '../registration/status-view'
import { lockedForSeconds, recordFailure } from '../auth/throttle.server'
import { FormErrorSummary, TextField } from '../ui/form'

export const handle = { i18n: ['registration'], title: 'registration:check.title' }

// Failed look-ups are throttled per address like logins: protocol + birth date must not be guessable.
const LOOKUP_POLICY = { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.checkStatus')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requirePermission(request, 'registration.checkStatus')
  const formData = await readForm(request)
  const parsed = parseForm(ProtocolLookupSchema, formData)
  if (!parsed.ok) return json({ ...parsed, result: null }, { status: 400 })
  const db = getDb()
  const key = `lookup:ip:${keyedHash('lookup-ip', clientAddress(context))}`
  if ((await lockedForSeconds(db, [key])) > 0)
    return json({ ...failure({ form: 'too_many_attempts' }, formData), result: null }, { status: 429 })
  const result = await findByProtocol(db, parsed.data.protocol, parsed.data.birthDate)
  if (!result) {
    await recordFailure(db, key, LOOKUP_POLICY)
    return json({ ...failure({ form: 'not_found' }, formData), result: null }, { status: 404 })
  }
  return json({
    ok: true as const,
    result,
    fieldErrors: {} as Record<string, string>,
    values: {} as Record<string, string>,
  })
}

export default function CheckStatusPage() {
  const { t } = useTranslation('registration')
  const actionData = useActionData<typeof action>()
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined
  const values = actionData && !actionData.ok ? actionData.values : {}
  return (
    <div className="page">
      <h1>{t('check.title')}</h1>
      <p>{t('check.intro')}</p>
      {actionData?.result ? <StatusView {...actionData.result} /> : null}
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`check.errors.${errors.form}`)}
        </p>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <Form method="post" className="stack" noValidate>
        <TextField
          name="protocol"
          label={t('check.protocol')}
          hint={t('check.protocolHint')}
          autoComplete="off"
          defaultValue={values.protocol}
          error={errors?.protocol}
          required
        />
        <TextField
          name="birthDate"
          type="date"
          label={t('fields.birthDate')}
          hint={t('fields.birthDateHint')}
          defaultValue={values.birthDate}
          error={errors?.birthDate}
          required
        />
        <button type="submit">{t('check.submit')}</button>
      </Form>
    </div>
  )
}
