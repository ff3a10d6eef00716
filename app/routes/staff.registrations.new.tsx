import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser } from '../auth/guards.server'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { readCheckedUploads } from '../lib/uploads.server'
import { AboutFields, ContactFields, DocumentFields, HomeFields } from '../registration/fields'
import { registrationOptions } from '../registration/options.server'
import { registerAtDesk } from '../registration/registrations.server'
import { DeskRegistrationSchema, naturalisedError } from '../registration/schemas.server'
import type { RootData } from '../root'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['registration', 'privacy'], title: 'registration:assisted.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermittedUser(request, 'registration.assist')
  const options = await registrationOptions(getDb(), await getLanguage(request))
  return json({ options })
}

// The whole registration in one form, with the scanned documents; the receipt follows.
export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'registration.assist',
    back: '/staff/registrations',
    readBody: readCheckedUploads,
    handler: intent({
      permission: 'registration.assist',
      schema: DeskRegistrationSchema,
      crossChecks: { naturalised: naturalisedError },
      run: ({ db, user, data: { identityFile, residenceFile, ...input } }) =>
        registerAtDesk(db, {
          actorUserId: user.id,
          input,
          files: { identity: identityFile, residence: residenceFile },
        }),
      redirectTo: (value: { id: string }) => `/staff/registrations/${value.id}/receipt`,
    }),
  })
}

export default function AssistedRegistration() {
  const { t } = useTranslation('registration')
  const { options } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const root = useRouteLoaderData<RootData>('root')
  const errors = failed?.fieldErrors
  const values = failed?.values ?? {}
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
        <SubmitButton>{t('assisted.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
