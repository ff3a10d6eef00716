import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { failure, parseForm, type FieldErrors } from '../lib/forms'
import { discardUploads, readMultipartForm, storeUpload } from '../lib/uploads.server'
import { AboutFields, ContactFields, DocumentFields, HomeFields } from '../registration/fields'
import { registrationOptions } from '../registration/options.server'
import { createRegistration } from '../registration/registrations.server'
import { naturalisedError, RegistrationSchema } from '../registration/schemas.server'
import type { RootData } from '../root'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['registration', 'privacy'], title: 'registration:assisted.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.assist')
  const options = await registrationOptions(getDb(), await getLanguage(request))
  return json({ options })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'registration.assist'))!
  const formData = await readMultipartForm(request)
  const parsed = parseForm(RegistrationSchema, formData, { naturalised: naturalisedError })
  const fieldErrors: FieldErrors = parsed.ok ? {} : { ...parsed.fieldErrors }
  const identity = await storeUpload(formData.get('identityFile'), 'registrations')
  const residence = await storeUpload(formData.get('residenceFile'), 'registrations')
  if (!identity.ok) fieldErrors.identityFile = identity.error
  if (!residence.ok) fieldErrors.residenceFile = residence.error
  if (!parsed.ok || Object.keys(fieldErrors).length) {
    await discardUploads(identity, residence)
    return json(failure(fieldErrors, formData), { status: 400 })
  }
  const result = await createRegistration(getDb(), {
    input: parsed.data,
    channel: 'assisted',
    registeredBy: actor.id,
    files: { identity: identity.ok ? identity.file : null, residence: residence.ok ? residence.file : null },
  }).catch(async (error: unknown) => {
    await discardUploads(identity, residence)
    throw error
  })
  if (!result.ok) {
    await discardUploads(identity, residence)
    const code = result.error === 'not_eligible' ? `ineligible_${result.reasons?.[0]}` : result.error
    return json(failure({ [result.field ?? 'form']: code }, formData), { status: 409 })
  }
  return redirect(`/staff/registrations/${result.value.id}/receipt`)
}

export default function AssistedRegistration() {
  const { t } = useTranslation('registration')
  const { options } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const root = useRouteLoaderData<RootData>('root')
  const errors = actionData?.fieldErrors
  const values = actionData?.values ?? {}
  return (
    <div className="page">
      <h1>{t('assisted.title')}</h1>
      <p>{t('assisted.intro')}</p>
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`review.errors.${errors.form}`, { defaultValue: t('validation:invalid_value') })}
        </p>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <Form method="post" className="stack" encType="multipart/form-data" noValidate>
        <h2>{t('wizard.steps.about')}</h2>
        <AboutFields values={values} errors={errors} countries={options.countries} />
        <h2>{t('wizard.steps.home')}</h2>
        <HomeFields values={values} errors={errors} subprefectures={options.subprefectures} />
        <h2>{t('wizard.steps.document')}</h2>
        <DocumentFields values={values} errors={errors} withFiles proofRequired={false} />
        <h2>{t('wizard.steps.contact')}</h2>
        <ContactFields values={values} errors={errors} defaultLanguage={root?.language ?? 'pt-BR'} />
        <button type="submit">{t('assisted.submit')}</button>
      </Form>
    </div>
  )
}
