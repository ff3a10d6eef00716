import type { Insertable, Selectable } from 'kysely'

// One interface for the whole database. Timestamps are ISO-8601 UTC strings; booleans 0/1.

export const ROLES = [
  'resident', 'voter', 'candidate', 'counsellor', 'delegate',
  'secretariat', 'electoral_commission', 'observer', 'admin',
] as const
export type Role = (typeof ROLES)[number]

export interface UsersTable {
  id: string
  email: string | null
  phone: string | null
  display_name: string
  password_hash: string | null
  preferred_language: string
  created_at: string
  password_changed_at: string | null
  erased_at: string | null
}

export interface UserRolesTable {
  user_id: string
  role: Role
  granted_by: string | null
  granted_at: string
}

export interface SessionsTable {
  id: string
  user_id: string
  expires_at: string
  created_at: string
}

export interface PasswordResetTokensTable {
  token_hash: string
  user_id: string
  expires_at: string
  used_at: string | null
}

export interface RateLimitsTable {
  key: string
  window_started_at: string
  failures: number
  locked_until: string | null
}

export interface ConsentsTable {
  id: string
  user_id: string
  purpose: string
  legal_basis: string
  text_version: string
  given_at: string
  withdrawn_at: string | null
}

export interface OutboxTable {
  id: string
  to_address: string
  language: string
  subject: string
  body: string
  created_at: string
  sent_at: string | null
  last_error: string | null
}

export interface AuditLogTable {
  seq: number
  occurred_at: string
  actor_user_id: string | null
  action: string
  entity_type: string
  entity_id: string | null
  before_json: string | null
  after_json: string | null
  prev_hash: string
  hash: string
}

export interface ErasureRequestsTable {
  id: string
  user_id: string
  requested_at: string
  completed_at: string | null
  kept_note: string | null
}

export interface SubprefecturesTable {
  id: number
  slug: string
  name: string
  immigrant_share_pct: number | null
}

export interface ThematicAxesTable {
  id: number
  code: string
  position: number
  name_i18n: string
}

export interface MigracidadesDimensionsTable {
  id: number
  code: string
  position: number
  name_i18n: string
}

export interface Database {
  users: UsersTable
  user_roles: UserRolesTable
  sessions: SessionsTable
  password_reset_tokens: PasswordResetTokensTable
  rate_limits: RateLimitsTable
  consents: ConsentsTable
  outbox: OutboxTable
  audit_log: AuditLogTable
  erasure_requests: ErasureRequestsTable
  subprefectures: SubprefecturesTable
  thematic_axes: ThematicAxesTable
  migracidades_dimensions: MigracidadesDimensionsTable
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type AuditEntry = Selectable<AuditLogTable>
