import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { countryOptions } from '../registration/countries'
import { dismissDuplicate, likelyDuplicates, mergeDuplicate } from '../registration/duplicate-review.server'
import { DuplicatePairSchema, MergeDuplicateSchema } from '../registration/schemas.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'
import { isolate } from '../ui/localised'

// Likely duplicates on the roll (issue #16.17): pairs of approved registrations with the same
// name, birth date and nationality, answered once by the secretariat before the roll is frozen.

export const handle = { i18n: ['registration'], title: 'registration:duplicates.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'registration.reviewDuplicates')
  const { pairs, total } = await likelyDuplicates(getDb())
  const names = new Map(countryOptions(await getLanguage(request)).map((c) => [c.value, c.label]))
  const withNames = <T extends { nationalities: string[] }>(r: T) => ({
    ...r,
    nationalityNames: r.nationalities.map((n) => names.get(n) ?? n),
  })
  return json({
    pairs: pairs.map((p) => ({ a: withNames(p.a), b: withNames(p.b) })),
    total,
    canResolve: can(toActor(user), 'registration.resolveDuplicates'),
  })
}

const DONE = ['distinct', 'same'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  return formAction<Done>(args, {
    permission: 'registration.resolveDuplicates',
    back: '/staff/registrations/duplicates',
    done: DONE,
    target: 'pair',
    intents: {
      distinct: intent({
        permission: 'registration.resolveDuplicates',
        schema: DuplicatePairSchema,
        run: ({ db, user, data }) =>
          dismissDuplicate(db, {
            actorUserId: user.id,
            registrationId: data.registrationId,
            otherRegistrationId: data.otherRegistrationId,
          }),
        done: 'distinct',
      }),
      same: intent({
        permission: 'registration.resolveDuplicates',
        schema: MergeDuplicateSchema,
        run: ({ db, user, data }) => mergeDuplicate(db, { actorUserId: user.id, ...data }),
        done: 'same',
      }),
    },
  })
}

type Side = ReturnType<typeof useLoaderData<typeof loader>>['pairs'][number]['a']

function RegistrationCard({ r, heading }: { r: Side; heading: string }) {
  const { t, i18n } = useTranslation('registration')
  return (
    <div className="card stack">
      <h3>
        {heading}:{' '}
        <Link to={`/staff/registrations/${r.id}`} dir="ltr">
          {r.protocol}
        </Link>
      </h3>
      <dl className="summary-list">
        <dt>{t('fields.fullName')}</dt>
        <dd>
          <bdi>{r.full_name}</bdi>
        </dd>
        {r.social_name ? (
          <>
            <dt>{t('fields.socialName')}</dt>
            <dd>
              <bdi>{r.social_name}</bdi>
            </dd>
          </>
        ) : null}
        <dt>{t('fields.birthDate')}</dt>
        <dd>{r.birth_date ? <DateTime iso={r.birth_date} language={i18n.language} dateOnly /> : '—'}</dd>
        <dt>{t('fields.nationality')}</dt>
        <dd>{r.nationalityNames.join(', ')}</dd>
        <dt>{t('fields.documentType')}</dt>
        <dd>
          {t(`documentTypes.${r.document_type}`)}{' '}
          <bdi dir="ltr" className="mono">
            {r.document_number}
          </bdi>
        </dd>
        <dt>{t('fields.subprefecture')}</dt>
        <dd>{r.subprefecture}</dd>
        <dt>{t('queue.received')}</dt>
        <dd>
          <DateTime iso={r.created_at} language={i18n.language} /> · {t(`channels.${r.channel}`)}
        </dd>
      </dl>
    </div>
  )
}

export default function LikelyDuplicates() {
  const { t } = useTranslation('registration')
  const { pairs, total, canResolve } = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  return (
    <div className="page stack">
      <p>
        <Link to="/staff/registrations">
          <Arrow kind="back" /> {t('review.backToQueue')}
        </Link>
      </p>
      <h1>{t('duplicates.title')}</h1>
      <p>{t('duplicates.intro')}</p>
      <DoneNotice keys={DONE} message={(done) => t(`duplicates.done.${done}`)} />
      <p role="status">{total ? t('duplicates.count', { count: total }) : t('duplicates.none')}</p>
      {pairs.map(({ a, b }) => {
        const pair = `${a.id}:${b.id}`
        const error = failedFor(undefined, pair)?.fieldErrors.form
        const headingId = `pair-${a.id}-${b.id}`
        return (
          <section key={pair} className="stack card" aria-labelledby={headingId}>
            <h2 id={headingId}>{t('duplicates.pair', { a: isolate(a.protocol), b: isolate(b.protocol) })}</h2>
            {error ? (
              <p className="notice notice--error" role="alert">
                {t(`duplicates.errors.${error}`, { defaultValue: t('validation:invalid_value') })}
              </p>
            ) : null}
            <div className="duplicate-pair">
              <RegistrationCard r={a} heading={t('duplicates.first')} />
              <RegistrationCard r={b} heading={t('duplicates.second')} />
            </div>
            {canResolve ? (
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="pair" value={pair} />
                  <input type="hidden" name="registrationId" value={a.id} />
                  <input type="hidden" name="otherRegistrationId" value={b.id} />
                  <SubmitButton intent="distinct" className="secondary">
                    {t('duplicates.distinct')}
                  </SubmitButton>
                </Form>
                {[
                  [a, b],
                  [b, a],
                ].map(([keep, withdraw]) => (
                  <Form method="post" key={keep!.id}>
                    <input type="hidden" name="pair" value={pair} />
                    <input type="hidden" name="keepRegistrationId" value={keep!.id} />
                    <input type="hidden" name="withdrawRegistrationId" value={withdraw!.id} />
                    <SubmitButton intent="same">
                      {t('duplicates.same', {
                        keep: isolate(keep!.protocol),
                        withdraw: isolate(withdraw!.protocol),
                      })}
                    </SubmitButton>
                  </Form>
                ))}
              </div>
            ) : null}
          </section>
        )
      })}
    </div>
  )
}
