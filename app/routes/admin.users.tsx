import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import type { Role } from '../../db/schema'
import { listUsers, setRole } from '../admin/users.server'
import { requirePermission } from '../auth/guards.server'
import { GRANTABLE_ROLES } from '../auth/permissions'
import { LANGUAGES, LANGUAGE_NAMES, directionOf } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { LanguagesSchema } from '../translations/schemas.server'
import { setTranslatorLanguages, translatorLanguagesOf } from '../translations/translators.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { Pager } from '../ui/pager'
import { TableRegion } from '../ui/table'
import { isolate } from '../ui/localised'

export const handle = { i18n: ['admin', 'translations'], title: 'admin:users.title' }

const QuerySchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

const RoleSchema = z.object({
  userId: z.string().min(1).max(64),
  role: z.enum(GRANTABLE_ROLES as [Role, ...Role[]], { errorMap: () => ({ message: 'choose_option' }) }),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'users.list')
  const url = new URL(request.url)
  const query = QuerySchema.parse(Object.fromEntries(url.searchParams))
  const db = getDb()
  const result = await listUsers(db, { q: query.q?.trim() || undefined, page: query.page })
  // Issue #19: the languages each translator works in, set beside their roles.
  const languages = await translatorLanguagesOf(
    db,
    result.users.filter((u) => u.roles.includes('translator')).map((u) => u.id),
  )
  return json({
    ...result,
    users: result.users.map((u) => ({ ...u, languages: languages.get(u.id) ?? [] })),
    page: query.page,
    q: query.q ?? '',
  })
}

const DONE = ['saved'] as const
type Done = (typeof DONE)[number]

/** Back to the same search and page after a change. */
function sameList(request: Request): string {
  const params = new URL(request.url).searchParams
  const kept = new URLSearchParams()
  for (const name of ['q', 'page']) {
    const value = params.get(name)
    if (value) kept.set(name, value)
  }
  const query = kept.toString()
  return query ? `/admin/users?${query}` : '/admin/users'
}

export async function action(args: ActionFunctionArgs) {
  return formAction<Done>(args, {
    permission: 'users.manageRoles',
    back: sameList(args.request),
    done: DONE,
    intents: {
      grant: intent({
        permission: 'users.manageRoles',
        schema: RoleSchema,
        run: ({ db, user, data }) => setRole(db, { actorUserId: user.id, ...data, grant: true }),
        done: 'saved',
      }),
      revoke: intent({
        permission: 'users.manageRoles',
        schema: RoleSchema,
        run: ({ db, user, data }) => setRole(db, { actorUserId: user.id, ...data, grant: false }),
        done: 'saved',
      }),
      languages: intent({
        permission: 'translations.manage',
        schema: LanguagesSchema,
        shape: { lists: ['languages'] },
        run: ({ db, user, data }) => setTranslatorLanguages(db, { actorUserId: user.id, ...data }),
        done: 'saved',
      }),
    },
  })
}

export default function AdminUsersPage() {
  const { t } = useTranslation(['admin', 'common', 'translations'])
  const data = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const failed = failedFor()
  return (
    <div className="page">
      <h1>{t('users.title')}</h1>
      {failed ? (
        <p className="notice notice--error" role="alert">
          {/* A field error means a tampered or stale form: the generic message says to reload. */}
          {t(`users.errors.${failed.fieldErrors.form ?? 'invalid_value'}`, {
            defaultValue: t('users.errors.invalid_value'),
          })}
        </p>
      ) : (
        <DoneNotice keys={DONE} message={() => t('users.saved')} />
      )}
      <Form method="get" role="search" className="stack">
        <div className="field">
          <label htmlFor="user-search">{t('users.search')}</label>
          <input id="user-search" name="q" type="search" defaultValue={data.q} />
        </div>
        <button type="submit">{t('users.searchSubmit')}</button>
      </Form>
      <TableRegion
        caption={<caption className="muted">{t('users.caption')}</caption>}
        label={t('users.caption')}
        headers={[t('users.name'), t('users.contact'), t('users.roles'), t('users.change')]}
      >
        {data.users.map((u) => (
          <tr key={u.id}>
            <td>
              <bdi>{u.display_name}</bdi>
            </td>
            <td>
              <bdi dir="ltr">{u.email ?? u.phone}</bdi>
            </td>
            <td>{u.roles.map((r) => t(`common:roles.${r}`)).join(', ')}</td>
            <td>
              <Form method="post" className="inline-form">
                <input type="hidden" name="userId" value={u.id} />
                <label htmlFor={`role-${u.id}`} className="visually-hidden">
                  {t('users.roleFor', { name: isolate(u.display_name) })}
                </label>
                <select id={`role-${u.id}`} name="role">
                  {GRANTABLE_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`common:roles.${r}`)}
                    </option>
                  ))}
                </select>{' '}
                <SubmitButton intent="grant" className="secondary">
                  {t('users.grant')}
                </SubmitButton>{' '}
                <SubmitButton intent="revoke" className="secondary">
                  {t('users.revoke')}
                </SubmitButton>
              </Form>
              {u.roles.includes('translator') ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="userId" value={u.id} />
                  <fieldset>
                    <legend>{t('translations:admin.languagesFor', { name: isolate(u.display_name) })}</legend>
                    {LANGUAGES.map((l) => (
                      <label key={l} className="checkbox-inline">
                        <input
                          type="checkbox"
                          name="languages"
                          value={l}
                          defaultChecked={u.languages.includes(l)}
                        />{' '}
                        <span lang={l} dir={directionOf(l)}>
                          {LANGUAGE_NAMES[l]}
                        </span>
                      </label>
                    ))}
                  </fieldset>
                  <SubmitButton intent="languages" className="secondary">
                    {t('translations:admin.saveLanguages')}
                  </SubmitButton>
                </Form>
              ) : null}
            </td>
          </tr>
        ))}
      </TableRegion>
      <Pager page={data.page} hasMore={data.hasMore} />
    </div>
  )
}
