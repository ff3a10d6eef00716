import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { failure, formValues, parseForm, type FieldErrors } from '../lib/forms'
import { discardUploads, readMultipartForm, storeUpload } from '../lib/uploads.server'
import type { DocumentType } from '../../db/schema'
import { isDocumentType, looksUnusual, normaliseDocumentNumber } from '../registration/documents'
import { clearDraft, getDraft, saveDraft } from '../registration/drafts.server'
import { AboutFields, ContactFields, DocumentFields, HomeFields } from '../registration/fields'
import { registrationOptions } from '../registration/options.server'
import { createRegistration, getOwnRegistration } from '../registration/registrations.server'
import {
  AboutStepSchema,
  ContactStepSchema,
  DocumentStepSchema,
  HomeStepSchema,
  naturalisedError,
  RegistrationSchema,
} from '../registration/schemas.server'
import { RegistrationSummary } from '../registration/summary'
import type { RootData } from '../root'
import { FormErrorSummary } from '../ui/form'

export const handle = { i18n: ['registration', 'privacy'], title: 'registration:wizard.title' }

const STEPS = ['about', 'home', 'document', 'contact', 'review'] as const
type Step = (typeof STEPS)[number]
const SCHEMAS = {
  about: AboutStepSchema,
  home: HomeStepSchema,
  document: DocumentStepSchema,
  contact: ContactStepSchema,
} as const
const STEP_FIELDS: Record<Exclude<Step, 'review'>, string[]> = {
  about: ['fullName', 'socialName', 'birthDate', 'nationality1', 'nationality2', 'naturalised', 'gender'],
  home: ['subprefectureId'],
  document: ['documentType', 'documentNumber'],
  contact: ['phone', 'email', 'preferredLanguage', 'consent'],
}

function stepOf(param: string | undefined): Step {
  if (!STEPS.includes(param as Step)) throw new Response('Not found', { status: 404 })
  return param as Step
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const step = stepOf(params.step)
  const user = (await requirePermission(request, 'registration.selfRegister'))!
  const db = getDb()
  if (await getOwnRegistration(db, user.id)) throw redirect('/registration')
  const options = await registrationOptions(db, await getLanguage(request))
  if (!options.cycle) throw redirect('/registration')
  const draft = await getDraft(db, user.id)
  const reviewErrors = step === 'review' ? fullValidationErrors(draft.values) : undefined
  // A hint, never a refusal: foreign and older documents have many valid shapes.
  const type = draft.values.documentType
  const documentLooksUnusual =
    step === 'review' &&
    isDocumentType(type ?? '') &&
    looksUnusual(type as DocumentType, normaliseDocumentNumber(draft.values.documentNumber ?? ''))
  return json({
    step,
    options,
    values: draft.values,
    files: { identity: Boolean(draft.files.identity), residence: Boolean(draft.files.residence) },
    reviewErrors,
    documentLooksUnusual,
  })
}

function fullValidationErrors(values: Record<string, string>): FieldErrors | undefined {
  const fd = new FormData()
  for (const [k, v] of Object.entries(values)) fd.set(k, v)
  const parsed = parseForm(RegistrationSchema, fd)
  return parsed.ok ? undefined : parsed.fieldErrors
}

export async function action({ request, params }: ActionFunctionArgs) {
  const step = stepOf(params.step)
  const user = (await requirePermission(request, 'registration.selfRegister'))!
  const db = getDb()
  if (await getOwnRegistration(db, user.id)) throw redirect('/registration')

  if (step === 'review') {
    const draft = await getDraft(db, user.id)
    const fd = new FormData()
    for (const [k, v] of Object.entries(draft.values)) fd.set(k, v)
    const parsed = parseForm(RegistrationSchema, fd)
    if (!parsed.ok) return json(parsed, { status: 400 })
    const result = await createRegistration(db, {
      input: parsed.data,
      channel: 'self',
      userId: user.id,
      files: draft.files,
    })
    if (!result.ok) {
      const field = result.field ?? 'form'
      return json(
        {
          ...failure(
            { [field]: result.error === 'not_eligible' ? `ineligible_${result.reasons?.[0]}` : result.error },
            fd,
          ),
        },
        { status: 409 },
      )
    }
    await clearDraft(db, user.id, { keepFiles: true })
    return redirect('/registration?submitted=1')
  }

  const formData = step === 'document' ? await readMultipartForm(request) : await readForm(request)
  const parsed = parseForm(SCHEMAS[step], formData, step === 'about' ? { naturalised: naturalisedError } : {})
  const fieldErrors: FieldErrors = parsed.ok ? {} : { ...parsed.fieldErrors }
  const files: {
    identity?: Awaited<ReturnType<typeof storeUpload>>
    residence?: Awaited<ReturnType<typeof storeUpload>>
  } = {}
  if (step === 'document') {
    // Files are checked even when another field failed, so every problem is reported at once.
    files.identity = await storeUpload(formData.get('identityFile'), 'registrations')
    files.residence = await storeUpload(formData.get('residenceFile'), 'registrations')
    if (!files.identity.ok) fieldErrors.identityFile = files.identity.error
    if (!files.residence.ok) fieldErrors.residenceFile = files.residence.error
    const options = await registrationOptions(db, 'pt-BR')
    const draft = await getDraft(db, user.id)
    const hasResidence = (files.residence.ok && files.residence.file) || draft.files.residence
    if (options.cycle?.proofRequired && !hasResidence && !fieldErrors.residenceFile)
      fieldErrors.residenceFile = 'proof_required'
  }
  if (!parsed.ok || Object.keys(fieldErrors).length) {
    await discardUploads(files.identity, files.residence)
    return json(failure(fieldErrors, formData), { status: 400 })
  }
  // Saved as typed (the final submission re-validates and normalises everything).
  const typed = formValues(formData)
  const values = Object.fromEntries(STEP_FIELDS[step].map((k) => [k, typed[k]]))
  await saveDraft(db, user.id, values, {
    identity: files.identity?.ok ? (files.identity.file ?? undefined) : undefined,
    residence: files.residence?.ok ? (files.residence.file ?? undefined) : undefined,
  })
  return redirect(`/registration/${STEPS[STEPS.indexOf(step) + 1]}`)
}

async function readForm(request: Request) {
  try {
    return await request.formData()
  } catch {
    return new FormData()
  }
}

export default function RegistrationStepPage() {
  const { t } = useTranslation(['registration', 'common'])
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const root = useRouteLoaderData<RootData>('root')
  const errors = actionData?.fieldErrors ?? data.reviewErrors
  const values = { ...data.values, ...(actionData?.values ?? {}) }
  const index = STEPS.indexOf(data.step)
  const previous = index > 0 ? STEPS[index - 1] : null
  return (
    <div className="page">
      <h1>{t('wizard.title')}</h1>
      <ol className="steps" aria-label={t('wizard.progress')}>
        {STEPS.map((s, i) => (
          <li key={s} aria-current={s === data.step ? 'step' : undefined}>
            {i + 1}. {t(`wizard.steps.${s}`)}
          </li>
        ))}
      </ol>
      <h2>
        {t('wizard.stepOf', { n: index + 1, total: STEPS.length, name: t(`wizard.steps.${data.step}`) })}
      </h2>
      <FormErrorSummary errors={errors} />
      {data.step === 'review' ? (
        <>
          <p>{t('wizard.reviewIntro')}</p>
          {data.documentLooksUnusual ? <p className="notice">{t('wizard.documentLooksUnusual')}</p> : null}
          <RegistrationSummary
            values={values}
            countries={data.options.countries}
            subprefectures={data.options.subprefectures}
            errors={errors}
            editable
            files={data.files}
          />
          <Form method="post" className="stack">
            <button type="submit">{t('wizard.submit')}</button>
          </Form>
        </>
      ) : (
        <Form
          method="post"
          className="stack"
          noValidate
          encType={data.step === 'document' ? 'multipart/form-data' : undefined}
        >
          {data.step === 'about' ? (
            <AboutFields values={values} errors={errors} countries={data.options.countries} />
          ) : null}
          {data.step === 'home' ? (
            <HomeFields values={values} errors={errors} subprefectures={data.options.subprefectures} />
          ) : null}
          {data.step === 'document' ? (
            <>
              <DocumentFields
                values={values}
                errors={errors}
                withFiles
                proofRequired={data.options.cycle?.proofRequired ?? false}
              />
              {data.files.identity || data.files.residence ? (
                <p className="muted">{t('wizard.filesKept')}</p>
              ) : null}
            </>
          ) : null}
          {data.step === 'contact' ? (
            <ContactFields values={values} errors={errors} defaultLanguage={root?.language ?? 'pt-BR'} />
          ) : null}
          <div className="actions">
            <button type="submit">{t('wizard.next')}</button>
            {previous ? <Link to={`/registration/${previous}`}>{t('wizard.back')}</Link> : null}
          </div>
        </Form>
      )}
    </div>
  )
}
