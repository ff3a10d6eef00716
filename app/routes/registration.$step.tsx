import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, requirePermittedUser } from '../auth/guards.server'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { formValues } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { readCheckedUploads } from '../lib/uploads.server'
import { getDraft } from '../registration/drafts.server'
import { AboutFields, ContactFields, DocumentFields, HomeFields } from '../registration/fields'
import { getOwnRegistration } from '../registration/registrations.server'
import {
  AboutStepSchema,
  ContactStepSchema,
  DocumentStepWithFilesSchema,
  HomeStepSchema,
  naturalisedError,
  RegistrationSchema,
  type RegistrationInput,
} from '../registration/schemas.server'
import { RegistrationSummary } from '../registration/summary'
import { STEPS, type Step } from '../registration/steps'
import { draftForm, saveWizardStep, submitDraft, wizardStep } from '../registration/wizard.server'
import type { RootData } from '../root'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary } from '../ui/form'

export const handle = {
  i18n: ['registration', 'privacy'],
  title: 'registration:wizard.title',
  hydrate: false,
}

// What each step posts is checked by its own schema; the review step posts nothing and submits
// the draft saved step by step, checked as a whole.
const SCHEMAS = {
  about: AboutStepSchema,
  home: HomeStepSchema,
  document: DocumentStepWithFilesSchema,
  contact: ContactStepSchema,
  review: RegistrationSchema,
} as const

function stepOf(param: string | undefined): Step {
  if (!STEPS.includes(param as Step)) throw new Response('Not found', { status: 404 })
  return param as Step
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const step = stepOf(params.step)
  const user = await requirePermittedUser(request, 'registration.selfRegister')
  const page = await wizardStep(getDb(), { userId: user.id, step, language: await getLanguage(request) })
  if (!page) throw redirect('/registration')
  return json(page)
}

/** Someone already registered is sent to their registration, whatever they post. */
async function readStep(request: Request, step: Step): Promise<FormData> {
  const db = getDb()
  const user = await getActor(request, db)
  if (user && (await getOwnRegistration(db, user.id))) throw redirect('/registration')
  if (step === 'review') return draftForm(user ? (await getDraft(db, user.id)).values : {})
  return step === 'document' ? readCheckedUploads(request) : readForm(request)
}

const DONE = ['submitted'] as const

export async function action(args: ActionFunctionArgs) {
  const step = stepOf(args.params.step)
  const next = STEPS[STEPS.indexOf(step) + 1]
  return formAction(args, {
    permission: 'registration.selfRegister',
    back: '/registration',
    done: DONE,
    readBody: (request) => readStep(request, step),
    handler: intent({
      permission: 'registration.selfRegister',
      schema: SCHEMAS[step],
      crossChecks: step === 'about' ? { naturalised: naturalisedError } : {},
      run: ({ db, user, data, formData }) => {
        if (step === 'review') return submitDraft(db, { userId: user.id, input: data as RegistrationInput })
        const files = data as { identityFile?: File; residenceFile?: File }
        // Saved as typed (the final submission re-validates and normalises everything).
        return saveWizardStep(db, {
          userId: user.id,
          step,
          typed: formValues(formData),
          files: { identity: files.identityFile, residence: files.residenceFile },
        })
      },
      done: 'submitted',
      redirectTo: step === 'review' ? undefined : () => `/registration/${next}`,
    }),
  })
}

export default function RegistrationStepPage() {
  const { t } = useTranslation(['registration', 'common'])
  const data = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const root = useRouteLoaderData<RootData>('root')
  const errors = failed?.fieldErrors ?? data.reviewErrors
  const values = { ...data.values, ...(failed?.values ?? {}) }
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
            <SubmitButton>{t('wizard.submit')}</SubmitButton>
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
            <SubmitButton>{t('wizard.next')}</SubmitButton>
            {previous ? <Link to={`/registration/${previous}`}>{t('wizard.back')}</Link> : null}
          </div>
        </Form>
      )}
    </div>
  )
}
