import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pager } from '../ui/pager'
import { z } from 'zod'
import { listUsers, setRole } from '../admin/users.server'
import { requirePermission } from '../auth/guards.server'
import { GRANTABLE_ROLES } from '../auth/permissions'
import { getDb } from '../lib/db.server'
import { parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'

export const handle = { i18n: ['admin'], title: 'admin:users.title' }

const QuerySchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

const RoleSchema = z.object({
  userId: z.string().min(1).max(64),
  role: z.enum(GRANTABLE_ROLES as [string, ...string[]], { errorMap: () => ({ message: 'choose_option' }) }),
  intent: z.enum(['grant', 'revoke']),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'users.list')
  const url = new URL(request.url)
  const query = QuerySchema.parse(Object.fromEntries(url.searchParams))
  const result = await listUsers(getDb(), { q: query.q?.trim() || undefined, page: query.page })
  return json({ ...result, page: query.page, q: query.q ?? '' })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'users.manageRoles'))!
  const parsed = parseForm(RoleSchema, await readForm(request))
  if (!parsed.ok) return json({ ok: false as const, error: 'invalid_value' }, { status: 400 })
  const result = await setRole(getDb(), {
    actorUserId: actor.id,
    userId: parsed.data.userId,
    role: parsed.data.role as (typeof GRANTABLE_ROLES)[number],
    grant: parsed.data.intent === 'grant',
  })
  if (!result.ok)
    return json(
      { ok: false as const, error: result.error },
      { status: result.error === 'user_not_found' ? 404 : 400 },
    )
  return json({ ok: true as const, error: null })
}

export default function AdminUsersPage() {
  const { t } = useTranslation(['admin', 'common'])
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="page">
      <h1>{t('users.title')}</h1>
      {actionData && !actionData.ok ? (
        <p className="notice notice--error" role="alert">
          {t(`users.errors.${actionData.error}`)}
        </p>
      ) : actionData?.ok ? (
        <p className="notice notice--ok" role="status">
          {t('users.saved')}
        </p>
      ) : null}
      <Form method="get" role="search" className="stack">
        <div className="field">
          <label htmlFor="user-search">{t('users.search')}</label>
          <input id="user-search" name="q" type="search" defaultValue={data.q} />
        </div>
        <button type="submit">{t('users.searchSubmit')}</button>
      </Form>
      <div className="table-wrap">
        <table>
          <caption className="muted">{t('users.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.contact')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('users.change')}</th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <tr key={u.id}>
                <td>{u.display_name}</td>
                <td>{u.email ?? u.phone}</td>
                <td>{u.roles.map((r) => t(`common:roles.${r}`)).join(', ')}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={u.id} />
                    <label htmlFor={`role-${u.id}`} className="visually-hidden">
                      {t('users.roleFor', { name: u.display_name })}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {GRANTABLE_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`common:roles.${r}`)}
                        </option>
                      ))}
                    </select>{' '}
                    <button type="submit" name="intent" value="grant" className="secondary">
                      {t('users.grant')}
                    </button>{' '}
                    <button type="submit" name="intent" value="revoke" className="secondary">
                      {t('users.revoke')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={data.page} hasMore={data.hasMore} />
    </div>
  )
}
